import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { emptyFilter } from '@/lib/briefs/filter/url';
import type { BriefListItem } from '@/lib/briefs/types';
import {
  briefToChatSnippet,
  briefToMarkdown,
  escapeMarkdown,
  viewToDigest,
  type BriefForMarkdown,
} from './markdown';

const ORIGIN = 'https://briefs.example.org';

const HOSTILE_TITLES = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[click me](javascript:alert(1))',
  '![pixel](https://evil.example/p.png)',
  '# Heading\n\n---\n| a | b |\n|---|---|',
  '**bold** _em_ `code` ~~strike~~',
  'https://evil.example/autolink and www.evil.example',
  '<https://evil.example>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  'line\nbreak\r\n- list item\n> quote',
  '[ref]: https://evil.example\n[ref]',
  'tail backslash \\',
  '<!-- comment --> <a href="https://evil.example">a</a>',
];

function brief(title: string): BriefForMarkdown {
  return {
    slug: 'fortios-ssl-vpn',
    title,
    summary: `Summary with ${title}`,
    date: '2026-11-18T09:30:00Z',
    type: 'threat',
    severity: 'critical',
    url: 'https://feed.craftedsignal.io/briefs/fortios-ssl-vpn/',
    exploited: true,
    hasPoc: true,
    attackChain: [`Step one ${title}`, 'Step two'],
    recommendations: [`Patch ${title}`, 'Hunt for web shells'],
    techniques: [
      { id: 'T1190', name: 'Exploit Public-Facing Application' },
      { id: 'T1059.004', name: 'Unix Shell' },
    ],
    cves: [{ id: 'CVE-2024-21762', cvss: 9.8 }],
    confidence: 80,
    indicators: [
      { type: 'domain', value: `c2.${title}` },
      { type: 'url', value: 'http://192.0.2.1/x' },
      { type: 'command', value: title },
    ],
    indicatorsMore: 0,
    references: ['https://advisories.example.org/a', `See ${title}`],
  };
}

/** The rendered HTML's tags and link targets, as a Markdown renderer in a ticket would see them. */
function render(markdown: string) {
  const html = marked.parse(markdown, { async: false, gfm: true });
  const tags = [...html.matchAll(/<([a-z0-9]+)[\s>]/gi)].map((m) => m[1]!.toLowerCase());
  const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
  return { html, tags: new Set(tags), hrefs };
}

describe('escapeMarkdown', () => {
  it.each(HOSTILE_TITLES)('keeps %j as plain text', (title) => {
    const { html, tags, hrefs } = render(escapeMarkdown(title));
    expect([...tags]).toEqual(['p']);
    expect(hrefs).toEqual([]);
    // What a reader sees is the title itself, line breaks folded.
    const text = html
      .replace(/<\/?p>\n?/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
    expect(text).toBe(title.replace(/\s+/g, ' ').trim());
  });

  it('drops control and bidi characters', () => {
    expect(escapeMarkdown('a\u0000b\u202ec\u200bd')).toBe('abcd');
  });
});

describe('briefToMarkdown', () => {
  it('writes every part of a brief, with our links only', () => {
    const markdown = briefToMarkdown(brief('FortiOS SSL VPN Out-of-Bounds Write'), ORIGIN);
    expect(markdown).toContain(
      '## [FortiOS SSL VPN Out\\-of\\-Bounds Write](<https://briefs.example.org/briefs/fortios-ssl-vpn>)',
    );
    expect(markdown).toContain(
      '**Severity:** Critical · **Type:** Threat · **Published:** 2026-11-18',
    );
    expect(markdown).toContain('Original: <https://feed.craftedsignal.io/briefs/fortios-ssl-vpn/>');
    expect(markdown).toContain('### Attack chain\n\n1. Step one');
    expect(markdown).toContain('- [ ] Hunt for web shells');
    expect(markdown).toContain(
      '- [T1059\\.004](<https://attack.mitre.org/techniques/T1059/004/>) Unix Shell',
    );
    expect(markdown).toContain(
      '- [CVE\\-2024\\-21762](<https://nvd.nist.gov/vuln/detail/CVE-2024-21762>) (CVSS 9.8)',
    );
    const { hrefs } = render(markdown);
    expect(hrefs).toEqual([
      'https://briefs.example.org/briefs/fortios-ssl-vpn',
      'https://briefs.example.org/briefs/fortios-ssl-vpn',
      'https://feed.craftedsignal.io/briefs/fortios-ssl-vpn/',
      'https://attack.mitre.org/techniques/T1190/',
      'https://attack.mitre.org/techniques/T1059/004/',
      'https://nvd.nist.gov/vuln/detail/CVE-2024-21762',
      'https://advisories.example.org/a',
    ]);
  });

  it('writes confidence, indicators by type (defanged code) and references', () => {
    const markdown = briefToMarkdown(
      {
        ...brief('x'),
        indicatorsMore: 5,
        indicators: [
          { type: 'domain', value: 'c2.example.net' },
          { type: 'url', value: 'http://192.0.2.1/x' },
          { type: 'command', value: 'echo `id`' },
        ],
      },
      ORIGIN,
    );
    expect(markdown).toContain('**Report confidence:** 80/100');
    expect(markdown).toContain('### Indicators (8)');
    expect(markdown).toContain('**Domains** (1)\n\n- `c2.example[.]net`');
    expect(markdown).toContain('- `hxxp://192.0.2[.]1/x`');
    expect(markdown).toContain('- `` echo `id` ``');
    expect(markdown).toContain('5 more on the dashboard');
    expect(markdown).toContain('### References\n\n- [https\\:');
    expect(markdown).toContain('- See x');
    const { html } = render(markdown);
    expect(html).toContain('<code>echo `id`</code>');
  });

  it.each(HOSTILE_TITLES)('a hostile title %j adds no element and no link', (title) => {
    const clean = render(briefToMarkdown(brief('Plain'), ORIGIN));
    const hostile = render(briefToMarkdown(brief(title), ORIGIN));
    expect(hostile.hrefs).toEqual(clean.hrefs);
    expect([...hostile.tags].sort()).toEqual([...clean.tags].sort());
    // The words may stay, as text; no element carries them.
    expect(hostile.html).not.toMatch(/<(script|img|iframe)\b|<[^>]*\son[a-z]+=/i);
  });

  it('leaves out an original link that is not http(s)', () => {
    const markdown = briefToMarkdown({ ...brief('x'), url: 'javascript:alert(1)' }, ORIGIN);
    expect(markdown).not.toContain('Original');
    expect(markdown).not.toContain('javascript');
  });
});

describe('briefToChatSnippet', () => {
  it('is one paragraph with the severity, title, summary, flags and link', () => {
    const snippet = briefToChatSnippet(brief('FortiOS flaw'), ORIGIN);
    expect(snippet).not.toContain('\n');
    expect(snippet).toBe(
      '**Critical Threat:** FortiOS flaw — Summary with FortiOS flaw (exploited in the wild, public PoC; CVE-2024-21762) <https://briefs.example.org/briefs/fortios-ssl-vpn>',
    );
  });

  it.each(HOSTILE_TITLES)('stays one paragraph with one link for %j', (title) => {
    const { tags, hrefs } = render(briefToChatSnippet(brief(title), ORIGIN));
    expect([...tags].sort()).toEqual(['a', 'p', 'strong']);
    expect(hrefs).toEqual(['https://briefs.example.org/briefs/fortios-ssl-vpn']);
  });
});

describe('viewToDigest', () => {
  const item = (slug: string, title: string): BriefListItem => ({
    slug,
    title,
    summary: '',
    date: '2026-11-10T00:00:00Z',
    modified: null,
    type: 'threat',
    severity: 'high',
    vendors: [],
    products: [],
    actors: [],
    tags: [],
    exploited: null,
    hasPoc: false,
    cves: [],
    techniques: [],
  });

  it('describes the filter in words and lists the first briefs with links', () => {
    const filter = { ...emptyFilter(), severity: ['high'], vendor: ['Fortinet'], poc: true };
    const digest = viewToDigest(
      {
        filter,
        total: 3,
        items: [item('a', 'First <b>'), item('b', 'Second'), item('c', 'Third')],
        href: '/?severity=high&vendor=Fortinet&poc=true',
      },
      ORIGIN,
      2,
    );
    expect(digest).toContain('## Threat briefs: Severity\\: high; Vendor\\: Fortinet; Public PoC');
    expect(digest).toContain('3 briefs match; the first 2:');
    expect(digest).toContain(
      '1. **High** [First \\<b\\>](<https://briefs.example.org/briefs/a>) (2026-11-10)',
    );
    expect(digest).not.toContain('Third');
    expect(digest).toContain(
      'View: <https://briefs.example.org/?severity=high&vendor=Fortinet&poc=true>',
    );
    const { tags, hrefs } = render(digest);
    expect(tags.has('b')).toBe(false);
    expect(hrefs).toHaveLength(3);
  });

  it('escapes hostile values in the filter description', () => {
    const filter = { ...emptyFilter(), vendor: ['[x](javascript:alert(1))'] };
    const { hrefs } = render(viewToDigest({ filter, total: 0, items: [], href: '/' }, ORIGIN));
    expect(hrefs).toEqual(['https://briefs.example.org/']);
  });
});
