import { describe, expect, it } from 'vitest';
import { sanitizeHtml } from '@/lib/html/sanitize';
import { HOSTILE_VECTORS } from '@/dev/fixtures/hostile';
import { isAllowListedHtml, renderableHtml } from './safe-html';

describe('render-time allow-list check', () => {
  it('accepts what the sanitiser writes', () => {
    const html =
      '<h2 id="x">T</h2><p>a &#x3C;b> <a href="https://e.example/?a=1&amp;b=2" title="t>u">l</a></p>' +
      '<ol start="2"><li>x</li></ol><table><tbody><tr><td align="left">c</td></tr></tbody></table>';
    const sanitized = sanitizeHtml(html).html;
    expect(isAllowListedHtml(sanitized)).toBe(true);
    for (const vector of HOSTILE_VECTORS.filter((v) => v.field === 'content_html'))
      expect(isAllowListedHtml(sanitizeHtml(vector.payload).html), vector.name).toBe(true);
  });

  it.each([
    ['meta refresh', '<meta http-equiv="refresh" content="4;url=https://evil.example/">'],
    ['base', '<base href="https://evil.example/">'],
    ['form', '<form action="https://evil.example/"><button>Log in again</button></form>'],
    ['style attribute', '<p style="position:fixed;inset:0">Session expired</p>'],
    ['event handler', '<p onclick="x()">x</p>'],
    ['javascript href', '<a href="javascript:alert(1)">x</a>'],
    ['entity-spelled href', '<a href="&#106;avascript:alert(1)">x</a>'],
    ['unquoted attribute', '<a href=https://evil.example/>x</a>'],
    ['comment', '<!-- x --><p>y</p>'],
    ['unknown element', '<marquee>x</marquee>'],
  ])('refuses %s and re-sanitises it', (_name, html) => {
    expect(isAllowListedHtml(html)).toBe(false);
    const safe = renderableHtml(html);
    expect(isAllowListedHtml(safe)).toBe(true);
    expect(safe).not.toMatch(/<(meta|base|form|marquee)|style=|onclick|javascript:/i);
  });
});
