// Where the bytes of a server-rendered page go: inline <script> (the React Server Components
// payload Next.js streams with the HTML), <style>, and the markup itself.

export interface HtmlBreakdown {
  total: number;
  inlineScript: number;
  style: number;
  markup: number;
  inputs: number;
  /** Elements with a data-slug attribute or links to a brief: the result rows. */
  briefLinks: number;
}

export function htmlBreakdown(html: string): HtmlBreakdown {
  const bytes = (s: string) => Buffer.byteLength(s);
  let inlineScript = 0;
  for (const m of html.matchAll(/<script\b(?![^>]*\ssrc=)[^>]*>[\s\S]*?<\/script>/g))
    inlineScript += bytes(m[0]);
  let style = 0;
  for (const m of html.matchAll(/<style\b[^>]*>[\s\S]*?<\/style>/g)) style += bytes(m[0]);
  const total = bytes(html);
  return {
    total,
    inlineScript,
    style,
    markup: total - inlineScript - style,
    inputs: (html.match(/<input\b/g) ?? []).length,
    briefLinks: new Set(html.match(/href="\/briefs\/[^"?#]+"/g) ?? []).size,
  };
}
