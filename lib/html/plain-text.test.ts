import type { Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { describe, expect, it } from 'vitest';
import { plainTextOf } from '@/lib/html/plain-text';

const text = (html: string) => plainTextOf(fromHtml(html, { fragment: true }) as Root);

describe('plainTextOf', () => {
  it('puts a blank line around paragraphs and a line break around other blocks, as innerText does', () => {
    expect(
      text('<p>One</p>\n  <p>Two</p><h2>Head</h2><ul><li>a</li>\n<li>b</li></ul><p>End</p>'),
    ).toBe('One\n\nTwo\n\nHead\na\nb\n\nEnd');
  });

  it('collapses white space across inline elements and trims line edges', () => {
    expect(text('<p>  A  <b> bold </b>  <a href="#">link</a>\n text </p>')).toBe(
      'A bold link text',
    );
  });

  it('keeps <br> breaks, <pre> spacing and separates table cells with tabs', () => {
    expect(
      text('<p>a<br>b</p><pre>x:\n  y: 1</pre><table><tr><td>k</td><td>v</td></tr></table>'),
    ).toBe('a\nb\n\nx:\n  y: 1\nk\tv');
  });

  it('skips elements that never render text', () => {
    expect(text('<p>seen</p><template><p>hidden</p></template>')).toBe('seen');
  });
});
