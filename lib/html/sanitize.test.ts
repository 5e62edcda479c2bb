import type { Element, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { describe, expect, it } from 'vitest';
import { SANITIZE_SCHEMA, safeHref, sanitizeHtml, toHeadingId } from './sanitize';

// Written out, not read from SANITIZE_SCHEMA: a tag added to the schema must fail here first.
const ALLOWED_TAGS = new Set(
  (
    'p ol ul li strong em b i code pre blockquote a br hr del sup sub kbd h2 h3 h4 h5 h6 ' +
    'table thead tbody tfoot tr th td'
  ).split(' '),
);
const ALLOWED_PROPS: Record<string, string[]> = {
  a: ['href', 'title', 'rel', 'target'],
  ol: ['start'],
  th: ['align'],
  td: ['align'],
  h2: ['id'],
  h3: ['id'],
  h4: ['id'],
  h5: ['id'],
  h6: ['id'],
};

function elements(root: Root): Element[] {
  const found: Element[] = [];
  const walk = (nodes: RootContent[]) => {
    for (const node of nodes) {
      if (node.type === 'element') {
        found.push(node);
        walk(node.children);
      }
    }
  };
  walk(root.children);
  return found;
}

/** Fails unless every element and attribute of the tree is on the allow-list and every link is safe. */
function expectSafeTree(root: Root): void {
  for (const el of elements(root)) {
    expect(ALLOWED_TAGS.has(el.tagName), `element <${el.tagName}>`).toBe(true);
    for (const key of Object.keys(el.properties)) {
      expect(ALLOWED_PROPS[el.tagName] ?? [], `<${el.tagName} ${key}>`).toContain(key);
    }
    if (el.tagName === 'a' && el.properties.href !== undefined) {
      expect(String(el.properties.href)).toMatch(/^(https?:\/\/|mailto:|#)/);
    }
  }
  expect(root.children.some((n) => n.type === 'comment' || n.type === 'doctype')).toBe(false);
}

/**
 * The sanitised HTML is what the browser parses again; mutation XSS lives in the difference between
 * the sanitiser's tree and the browser's. So the output is re-parsed (parse5, as a browser does) and
 * checked again.
 */
function sanitizeAndReparse(html: string): string {
  const out = sanitizeHtml(html);
  expectSafeTree(out.tree);
  expectSafeTree(fromHtml(out.html, { fragment: true }));
  return out.html;
}

// [name, input, fragments that must be gone (case-insensitive), benign output that must survive]
const vectors: [string, string, string[], string][] = [
  ['script element', '<p>kept</p><script>alert(1)</script>', ['<script', 'alert'], '<p>kept</p>'],
  [
    'img onerror',
    '<p>kept<img src=x onerror=alert(1)></p>',
    ['<img', 'onerror', 'alert'],
    '<p>kept</p>',
  ],
  [
    'event handler on p',
    '<p onclick="alert(1)" onmouseover="alert(2)">kept</p>',
    ['onclick', 'onmouseover', 'alert'],
    '<p>kept</p>',
  ],
  [
    'javascript: link',
    '<a href="javascript:alert(1)">kept</a>',
    ['javascript', 'href', '<a'],
    'kept',
  ],
  ['mixed-case scheme', '<a href="JaVaScRiPt:alert(1)">kept</a>', ['javascript', 'href'], 'kept'],
  [
    'tab-split scheme entity',
    '<a href="jav&#x09;ascript:alert(1)">kept</a>',
    ['ascript', 'href'],
    'kept',
  ],
  [
    'decimal entity scheme',
    '<a href="&#106;&#97;vascript:alert(1)">kept</a>',
    ['vascript', 'href'],
    'kept',
  ],
  ['newline-split scheme', '<a href="java\nscript:alert(1)">kept</a>', ['script', 'href'], 'kept'],
  [
    'leading control char',
    '<a href="\u0001javascript:alert(1)">kept</a>',
    ['javascript', 'href'],
    'kept',
  ],
  [
    'data: URL',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">kept</a>',
    ['data:', 'href'],
    'kept',
  ],
  ['vbscript: URL', '<a href="vbscript:msgbox(1)">kept</a>', ['vbscript', 'href'], 'kept'],
  [
    'protocol-relative URL',
    '<a href="//attacker.example/x">kept</a>',
    ['attacker', 'href'],
    'kept',
  ],
  [
    'iframe with srcdoc',
    '<p>kept</p><iframe src="https://attacker.example" srcdoc="<script>alert(1)</script>"></iframe>',
    ['iframe', 'srcdoc', 'attacker', 'alert'],
    '<p>kept</p>',
  ],
  [
    'svg onload',
    '<p>kept</p><svg onload=alert(1)><circle r=4 /></svg>',
    ['svg', 'onload', 'alert', 'circle'],
    '<p>kept</p>',
  ],
  [
    'svg script',
    '<p>kept</p><svg><script>alert(1)</script></svg>',
    ['svg', 'script', 'alert'],
    '<p>kept</p>',
  ],
  [
    'math mglyph style mXSS',
    '<p>kept</p><math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    ['math', 'mglyph', 'style', '<img', 'onerror'],
    '<p>kept</p>',
  ],
  [
    'svg in math namespace confusion',
    '<p>kept</p><math><mi><svg><mtext><textarea><img src=x onerror=alert(1)>',
    ['<img', 'onerror', 'textarea', 'svg'],
    '<p>kept</p>',
  ],
  [
    'noscript title breakout',
    '<p>kept</p><noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    ['noscript', '<img', 'onerror', 'alert'],
    '<p>kept</p>',
  ],
  [
    'form, input, button formaction',
    '<form action="https://attacker.example"><input name="q" value="x"><button formaction="javascript:alert(1)">go</button><p>kept</p></form>',
    ['<form', 'action', '<input', 'button', 'javascript'],
    '<p>kept</p>',
  ],
  [
    'object and embed',
    '<p>kept</p><object data="javascript:alert(1)"></object><embed src="https://attacker.example/x.swf">',
    ['object', 'embed', 'javascript', 'attacker'],
    '<p>kept</p>',
  ],
  [
    'base href',
    '<base href="https://attacker.example/"><p>kept</p>',
    ['base', 'attacker'],
    '<p>kept</p>',
  ],
  [
    'meta refresh',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><p>kept</p>',
    ['meta', 'refresh', 'javascript'],
    '<p>kept</p>',
  ],
  [
    'link stylesheet',
    '<link rel="stylesheet" href="https://attacker.example/s.css"><p>kept</p>',
    ['<link', 'stylesheet', 'attacker'],
    '<p>kept</p>',
  ],
  [
    'style element and attribute',
    '<style>p{background:url(https://attacker.example/t)}</style><p style="color:red">kept</p>',
    ['style', 'attacker', 'color'],
    '<p>kept</p>',
  ],
  [
    'tracking image',
    '<p>kept<img src="https://tracker.example/pixel.gif" alt="x"></p>',
    ['<img', 'tracker'],
    '<p>kept</p>',
  ],
  [
    'template content',
    '<template><script>alert(1)</script><p>x</p></template><p>kept</p>',
    ['template', 'alert'],
    '<p>kept</p>',
  ],
  [
    'comment with markup',
    '<p>kept</p><!--<img src=x onerror=alert(1)>-->',
    ['<!--', 'onerror'],
    '<p>kept</p>',
  ],
  [
    'textarea raw text',
    '<p>kept</p><textarea><img src=x onerror=alert(1)></textarea>',
    ['textarea', 'onerror'],
    '<p>kept</p>',
  ],
  [
    'xmp raw text',
    '<p>kept</p><xmp><img src=x onerror=alert(1)></xmp>',
    ['xmp', 'onerror'],
    '<p>kept</p>',
  ],
  [
    'blockquote cite URL',
    '<blockquote cite="javascript:alert(1)"><p>kept</p></blockquote>',
    ['cite', 'javascript'],
    '<blockquote><p>kept</p></blockquote>',
  ],
  [
    'table cell background',
    '<table><tr><td background="javascript:alert(1)" onclick="x()">kept</td></tr></table>',
    ['background', 'javascript', 'onclick'],
    '<td>kept</td>',
  ],
  [
    'handler on a safe link',
    '<a href="https://example.org/a" onmouseover="alert(1)">kept</a>',
    ['onmouseover', 'alert'],
    '>kept</a>',
  ],
  [
    'attribute breakout in href',
    '<a href="https://example.org/&quot;onmouseover=&quot;alert(1)">kept</a>',
    ['"onmouseover', '" onmouseover'],
    '>kept</a>',
  ],
  [
    'DOM clobbering by name',
    '<form name="getElementById"><p>kept</p></form><img name="cookie">',
    ['name=', 'getelementbyid', 'cookie'],
    '<p>kept</p>',
  ],
  [
    'clobbering heading ids',
    '<h2 id="__proto__">One</h2><h3 id="defaultView">Two</h3><h3 id="ok-id">Three</h3>',
    ['__proto__', 'defaultview'],
    '<h3 id="ok-id">Three</h3>',
  ],
  [
    'escaped markup stays text',
    '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    ['<script'],
    '<p>&#x3C;script>alert(1)&#x3C;/script></p>',
  ],
  [
    'plaintext swallowing the rest',
    '<p>kept</p><plaintext><img src=x onerror=alert(1)>',
    ['plaintext', 'onerror'],
    '<p>kept</p>',
  ],
  [
    'select option',
    '<p>kept</p><select><option><img src=x onerror=alert(1)></option></select>',
    ['select', 'option', 'onerror'],
    '<p>kept</p>',
  ],
];

describe('SANITIZE_SCHEMA', () => {
  it('allows exactly the rendered-Markdown tags this file lists', () => {
    expect(new Set(SANITIZE_SCHEMA.tagNames)).toEqual(ALLOWED_TAGS);
  });
});

describe('sanitizeHtml: injection vectors', () => {
  it.each(vectors)('%s', (_name, input, gone, kept) => {
    const html = sanitizeAndReparse(input);
    for (const fragment of gone) expect(html.toLowerCase()).not.toContain(fragment.toLowerCase());
    expect(html).toContain(kept);
  });

  it('has at least 25 vectors', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(25);
  });
});

describe('sanitizeHtml: what rendered Markdown keeps', () => {
  it('keeps the allowed formatting elements', () => {
    const input =
      '<p><strong>a</strong> <em>b</em> <b>c</b> <i>d</i> <code>e</code> <del>f</del> <sup>g</sup> <sub>h</sub> <kbd>i</kbd><br></p><hr><pre><code>line 1\nline 2</code></pre>';
    expect(sanitizeAndReparse(input)).toBe(
      '<p><strong>a</strong> <em>b</em> <b>c</b> <i>d</i> <code>e</code> <del>f</del> <sup>g</sup> <sub>h</sub> <kbd>i</kbd><br></p><hr><pre><code>line 1\nline 2</code></pre>',
    );
  });

  it('keeps tables with alignment only', () => {
    const html = sanitizeAndReparse(
      '<table class="x"><thead><tr><th align="left" style="color:red">Host</th></tr></thead><tbody><tr><td align="middle">web-01</td></tr></tbody></table>',
    );
    expect(html).toBe(
      '<table><thead><tr><th align="left">Host</th></tr></thead><tbody><tr><td>web-01</td></tr></tbody></table>',
    );
  });

  it('keeps ol start and drops classes', () => {
    expect(sanitizeAndReparse('<ol start="3" class="steps"><li>third</li></ol>')).toBe(
      '<ol start="3"><li>third</li></ol>',
    );
  });

  it('unwraps unknown containers but keeps their text', () => {
    expect(
      sanitizeAndReparse('<div class="note"><span style="x">Patch <u>now</u>.</span></div>'),
    ).toBe('Patch now.');
  });

  it('maps h1 to h2 and keeps its id', () => {
    expect(sanitizeAndReparse('<h1 id="top-story">Top story</h1>')).toBe(
      '<h2 id="top-story">Top story</h2>',
    );
  });
});

describe('sanitizeHtml: links', () => {
  it('marks http(s) links as external and normalises them', () => {
    expect(
      sanitizeAndReparse(
        '<a href="HTTPS://Example.org/a b" target="_self" rel="opener">advisory</a>',
      ),
    ).toBe(
      '<a href="https://example.org/a%20b" rel="noopener noreferrer nofollow" target="_blank">advisory</a>',
    );
  });

  it('keeps mailto links without opening a tab', () => {
    expect(sanitizeAndReparse('<a href="mailto:soc@example.org">mail</a>')).toBe(
      '<a href="mailto:soc@example.org" rel="noopener noreferrer nofollow">mail</a>',
    );
  });

  it('keeps same-document fragments as plain links', () => {
    expect(sanitizeAndReparse('<a href="#impact" title="Jump">see impact</a>')).toBe(
      '<a href="#impact" title="Jump">see impact</a>',
    );
  });

  it('unwraps relative links, which would point at this app', () => {
    expect(sanitizeAndReparse('<p><a href="/briefs/other/">other brief</a></p>')).toBe(
      '<p>other brief</p>',
    );
  });

  it('never leaves a link inside a link', () => {
    const out = sanitizeHtml(
      '<a href="https://a.example/"><object><a href="https://b.example/">inner</a></object></a>',
    );
    expect(elements(out.tree).filter((e) => e.tagName === 'a')).toHaveLength(1);
    expect(out.html).not.toContain('b.example');
  });
});

describe('sanitizeHtml: heading ids', () => {
  it('keeps safe ids, drops unsafe ones and gives every h2 a unique id', () => {
    const out = sanitizeHtml(
      '<h2 id="impact">Impact</h2><h2 id="impact">Impact again</h2><h2 id="Bad_Id">Next Steps!</h2><h2>Ümlaut heading</h2><h4 id="x y">minor</h4>',
    );
    const ids = elements(out.tree).map((e) => e.properties.id ?? null);
    expect(ids).toEqual(['impact', 'impact-2', 'next-steps', 'umlaut-heading', null]);
  });

  it('names an h2 without text "section"', () => {
    expect(sanitizeHtml('<h2 id="%%"><em></em></h2>').html).toBe('<h2 id="section"><em></em></h2>');
  });
});

describe('helpers', () => {
  it('safeHref accepts http(s), mailto and fragments only', () => {
    expect(safeHref('https://example.org/x?y=1#z')).toBe('https://example.org/x?y=1#z');
    expect(safeHref(' http://example.org ')).toBe('http://example.org/');
    expect(safeHref('#section-2')).toBe('#section-2');
    expect(safeHref('#')).toBeNull();
    expect(safeHref('ftp://example.org/')).toBeNull();
    expect(safeHref('javascript:void(0)')).toBeNull();
    expect(safeHref('relative/path')).toBeNull();
    expect(safeHref(42)).toBeNull();
  });

  it('toHeadingId makes Hugo-like ids', () => {
    expect(toHeadingId('Indicators of Compromise (IOCs)')).toBe('indicators-of-compromise-iocs');
    expect(toHeadingId('  --  ')).toBe('');
  });
});
