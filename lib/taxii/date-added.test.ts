import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { flushDateAdded, noteObjectVersion } from './date-added';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'taxii-stamps-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 10, minute));
const vuln = (modified: string, epss: string) => ({
  type: 'vulnerability',
  id: 'vulnerability--00000000-0000-5000-8000-000000000001',
  modified,
  external_references: [{ source_name: 'first-epss', description: `EPSS ${epss}` }],
});

describe('noteObjectVersion', () => {
  it('stamps a version once, a changed version (or a dropped signal) again, and keeps them', async () => {
    const dir = tempDir();
    const first = vuln('2026-11-30T00:00:00.000Z', '0.5');
    expect(noteObjectVersion(first, true, { dir, now: at(1) })).toBe(at(1).toISOString());
    expect(noteObjectVersion(first, true, { dir, now: at(2) })).toBe(at(1).toISOString());
    // A new EPSS day moves modified; a new score on the same day changes only the content.
    const nextDay = vuln('2026-12-01T00:00:00.000Z', '0.6');
    expect(noteObjectVersion(nextDay, true, { dir, now: at(3) })).toBe(at(3).toISOString());
    const sameDay = vuln('2026-12-01T00:00:00.000Z', '0.7');
    expect(noteObjectVersion(sameDay, true, { dir, now: at(4) })).toBe(at(4).toISOString());
    // The signals turned off: the bare object is a new version too.
    const bare = { ...sameDay, modified: '2024-01-01T00:00:00.000Z', external_references: [] };
    expect(noteObjectVersion(bare, false, { dir, now: at(5) })).toBe(at(5).toISOString());
    await flushDateAdded(dir);

    // Read back from disk (another directory first resets the process-wide state).
    const other = tempDir();
    expect(noteObjectVersion(first, false, { dir: other, now: at(6) })).toBeNull();
    expect(noteObjectVersion(bare, false, { dir, now: at(7) })).toBe(at(5).toISOString());
  });
});
