import { describe, expect, it } from 'vitest';
import { jsonDeeperThan } from './depth';

function nestedArrays(depth: number): unknown {
  let value: unknown = 'core';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe('jsonDeeperThan', () => {
  it('measures without recursion, even at 100,000 levels', () => {
    expect(jsonDeeperThan({ tags: ['a'], cves: [{ id: 'x' }] }, 32)).toBe(false);
    expect(jsonDeeperThan(nestedArrays(32), 32)).toBe(false);
    expect(jsonDeeperThan(nestedArrays(33), 32)).toBe(true);
    expect(jsonDeeperThan({ tags: nestedArrays(100_000) }, 32)).toBe(true);
  });
});
