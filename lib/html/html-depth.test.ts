import { describe, expect, it } from 'vitest';
import { MAX_HTML_DEPTH } from './html-depth';
import { sanitizeHtml } from './sanitize';

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
