// Environment the server process starts with, unless the operator sets these already.
// glibc raises its mmap threshold to the size of the largest block freed so far, so after the STIX
// bundle's 20 MB buffers are freed, later large buffers come from arenas it keeps: a fixed
// threshold returns each one to the system when freed (docs/benchmarks.md, issue 21's section:
// RSS after a 10,000-brief ingest with indicators went from 1.065x to 0.97x of the run without).
export const SERVER_ENV_DEFAULTS = { MALLOC_MMAP_THRESHOLD_: '131072' };

/** `env` with the defaults added where it does not set them. */
export function withServerEnvDefaults(env) {
  return { ...SERVER_ENV_DEFAULTS, ...env };
}
