import { describe, expect, it } from 'vitest';
import { foldPeak, NO_PEAKS, sampleRss } from './rss';

describe('foldPeak', () => {
  it('keeps the split of the highest sample and each part on its own', () => {
    let p = foldPeak(NO_PEAKS, { rss: 100, anon: 80, file: 20 });
    p = foldPeak(p, { rss: 150, anon: 60, file: 90 });
    p = foldPeak(p, { rss: 120, anon: 100, file: 20 });
    expect(p).toEqual({
      rss: 150,
      anonAtPeak: 60,
      fileAtPeak: 90,
      anon: 100,
      file: 90,
      samples: 3,
    });
  });
  it('ignores a sample with a missing field (the process is gone)', () => {
    const p = foldPeak(NO_PEAKS, { rss: NaN, anon: 1, file: 1 });
    expect(p).toEqual(NO_PEAKS);
  });
});

describe('sampleRss', () => {
  it('reads this process', async () => {
    const sampler = sampleRss(process.pid, 10);
    await new Promise((r) => setTimeout(r, 50));
    const phase = sampler.endPhase();
    sampler.stop();
    expect(phase.samples).toBeGreaterThan(1);
    expect(phase.rss).toBeGreaterThan(10 * 1024 * 1024);
    expect(phase.hwm).toBeGreaterThanOrEqual(phase.rss);
    expect(phase.anonAtPeak + phase.fileAtPeak).toBeLessThanOrEqual(phase.rss + 1);
  });
});
