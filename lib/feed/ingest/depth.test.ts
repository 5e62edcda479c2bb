import { describe, expect, it } from 'vitest';
import { jsonDeeperThan, MAX_HTML_DEPTH } from './depth';
import { sanitizeHtml } from './sanitize';

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

describe('sanitizeHtml on deep nesting', () => {
  it('flattens 3,000 nested divs below the depth limit and keeps their text', () => {
    const html = `${'<div>'.repeat(3000)}deep text${'</div>'.repeat(3000)}<p>after</p>`;
    const { html: out } = sanitizeHtml(html);
    expect(out).toContain('deep text');
    expect(out).toContain('<p>after</p>');
  });

  it('flattens nested lists and keeps the structure above the limit', () => {
    const depth = MAX_HTML_DEPTH + 40;
    const html = `${'<ul><li>'.repeat(depth)}leaf${'</li></ul>'.repeat(depth)}`;
    const { html: out } = sanitizeHtml(html);
    expect(out).toContain('leaf');
    expect(out.split('<ul>').length - 1).toBeLessThanOrEqual(MAX_HTML_DEPTH / 2);
  });
});
