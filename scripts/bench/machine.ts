import os from 'node:os';

// What every bench section records about the machine, and how it reads its size knobs.

/** The 1, 5 and 15 minute load averages, `1.6 / 1.9 / 2.2`. */
export const loadAverage = () =>
  os
    .loadavg()
    .map((v) => v.toFixed(1))
    .join(' / ');

/** A whole number >= 1 from the environment, or `fallback`; anything else stops the bench. */
export function positiveEnv(name: string, fallback: number): number {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a whole number >= 1`);
  return v;
}
