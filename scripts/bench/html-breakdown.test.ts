import { describe, expect, it } from 'vitest';
import { htmlBreakdown } from './html-breakdown';

describe('htmlBreakdown', () => {
  it('splits inline script, style and markup', () => {
    const html =
      '<html><style>a{}</style><script src="/x.js"></script><input type="checkbox"><input>' +
      '<a href="/briefs/a">a</a><a href="/briefs/a">again</a><a href="/briefs/b">b</a>' +
      '<script>self.__next_f.push([1,"x"])</script></html>';
    const b = htmlBreakdown(html);
    expect(b.inlineScript).toBe('<script>self.__next_f.push([1,"x"])</script>'.length);
    expect(b.style).toBe('<style>a{}</style>'.length);
    expect(b.markup).toBe(html.length - b.inlineScript - b.style);
    expect(b.inputs).toBe(2);
    expect(b.briefLinks).toBe(2);
  });
});
