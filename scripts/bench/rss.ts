import { readFileSync } from 'node:fs';
import { readVm } from '@/dev/load/proc';

// Samples the resident set of one process while a phase runs. VmHWM is the kernel's own peak
// since the process started; the sampled peaks split it into anonymous memory (heap, index,
// garbage) and file-backed pages (LMDB's memory map, which the kernel may drop under pressure).

export interface RssSample {
  rss: number;
  anon: number;
  file: number;
}

export interface RssPeaks {
  /** Highest sampled VmRSS, and the RssAnon/RssFile of that sample. */
  rss: number;
  anonAtPeak: number;
  fileAtPeak: number;
  /** Highest sampled RssAnon and RssFile, each on its own. */
  anon: number;
  file: number;
  samples: number;
}

export const NO_PEAKS: RssPeaks = {
  rss: 0,
  anonAtPeak: 0,
  fileAtPeak: 0,
  anon: 0,
  file: 0,
  samples: 0,
};

/** Folds one sample into the peaks; a sample with a missing field is ignored. */
export function foldPeak(peaks: RssPeaks, s: RssSample): RssPeaks {
  if (![s.rss, s.anon, s.file].every(Number.isFinite)) return peaks;
  const higher = s.rss > peaks.rss;
  return {
    rss: higher ? s.rss : peaks.rss,
    anonAtPeak: higher ? s.anon : peaks.anonAtPeak,
    fileAtPeak: higher ? s.file : peaks.fileAtPeak,
    anon: Math.max(peaks.anon, s.anon),
    file: Math.max(peaks.file, s.file),
    samples: peaks.samples + 1,
  };
}

/** One read of /proc/<pid>/status, so the three figures are of the same moment. */
export function readRss(pid: number): RssSample {
  let status = '';
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    // gone: NaN fields, ignored by foldPeak
  }
  const field = (name: string) => {
    const kb = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
    return kb ? Number(kb) * 1024 : NaN;
  };
  return { rss: field('VmRSS'), anon: field('RssAnon'), file: field('RssFile') };
}

export interface PhaseMemory extends RssPeaks {
  /** VmHWM at the end of the phase (the peak since spawn, between samples too). */
  hwm: number;
}

export interface RssSampler {
  /** Ends the current phase: its peaks, and VmHWM now. Sampling goes on for the next phase. */
  endPhase(): PhaseMemory;
  stop(): void;
}

export function sampleRss(pid: number, everyMs = 50): RssSampler {
  let peaks = foldPeak(NO_PEAKS, readRss(pid));
  const timer = setInterval(() => {
    peaks = foldPeak(peaks, readRss(pid));
  }, everyMs);
  timer.unref();
  return {
    endPhase() {
      peaks = foldPeak(peaks, readRss(pid));
      const phase = { ...peaks, hwm: readVm(pid, 'VmHWM') };
      peaks = NO_PEAKS;
      return phase;
    },
    stop: () => clearInterval(timer),
  };
}
