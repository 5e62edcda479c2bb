import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '@/dev/load/app';
import { originalFrame } from './profile';

describe('originalFrame', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-map-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const chunk = path.join(dir, '.next/server/chunks/a.js');
  mkdirSync(path.dirname(chunk), { recursive: true });
  writeFileSync(chunk, 'x();y();');
  // Column 0 maps to lib/a.ts line 3 column 1; column 4 on to a turbopack:/// source.
  writeFileSync(
    `${chunk}.map`,
    JSON.stringify({
      version: 3,
      sources: ['../../../lib/a.ts', 'turbopack:///[project]/node_modules/p/b.js'],
      names: [],
      mappings: 'AAGC,ICAA',
    }),
  );

  it('maps a bundle frame to the original file, line and column', () => {
    expect(originalFrame(`file://${chunk}`, 0, 0)).toEqual({
      url: path.join(ROOT, 'lib/a.ts'),
      lineNumber: 3,
      columnNumber: 1,
    });
    expect(originalFrame(`file://${chunk}`, 0, 5)?.url).toBe(
      path.join(ROOT, 'node_modules/p/b.js'),
    );
  });
  it('leaves frames outside the server bundle alone', () => {
    expect(originalFrame('node:internal/x', 0, 0)).toBeNull();
    expect(originalFrame('file:///elsewhere/a.js', 0, 0)).toBeNull();
  });
});
