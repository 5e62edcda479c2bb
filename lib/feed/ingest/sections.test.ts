import { describe, expect, it } from 'vitest';
import { readSharedSample } from '@/test/support/shared-samples';
import { sanitizeHtml } from '@/lib/html/sanitize';
import { classifyHeading, extractSections } from './sections';

// A real page of the upstream feed (products/s3) from the shared folder, when it is there.
const samplePage = readSharedSample<{ items: { content_html: string }[] }>(
  'seed-products-s3-feed.json',
);

function sectionsOf(html: string) {
  return extractSections(sanitizeHtml(html).tree);
}

describe.skipIf(!samplePage)('extractSections: the real sample item', () => {
  const sections = () => sectionsOf(samplePage!.items[0]!.content_html);

  it('takes the opening paragraph as the overview', () => {
    const { overview } = sections();
    expect(overview).toMatch(/^<p>/);
    expect(overview).toContain('<code>DeleteBucket</code>');
    expect(overview).not.toContain('<h2');
  });

  it('splits the attack chain into its 7 steps, markup kept in the HTML and gone from the text', () => {
    const { attackChain } = sections();
    expect(attackChain).toHaveLength(7);
    expect(attackChain[1]!.html).toContain('<code>ListBuckets</code>');
    expect(attackChain[1]!.text).toContain('ListBuckets');
    expect(attackChain[1]!.text).not.toContain('<');
    expect(attackChain[6]!.text).toMatch(/DeleteTrail/);
  });

  it('keeps the impact paragraph and the 6 recommendations', () => {
    const { impact, recommendations, other } = sections();
    expect(impact).toMatch(/^<p>/);
    expect(recommendations).toHaveLength(6);
    expect(recommendations[1]?.html).toContain('<code>DeleteBucket</code>');
    expect(other).toEqual([]);
  });

  it('outlines the three headings in order', () => {
    expect(sections().outline).toEqual([
      { id: 'attack-chain', heading: 'Attack Chain' },
      { id: 'impact', heading: 'Impact' },
      { id: 'recommendation', heading: 'Recommendation' },
    ]);
  });
});

describe('classifyHeading', () => {
  it.each([
    ['Attack Chain', 'attackChain'],
    ['Attack chain', 'attackChain'],
    ['ATTACK CHAIN ANALYSIS', 'attackChain'],
    ['Kill Chain', 'attackChain'],
    ['Recommendation', 'recommendations'],
    ['Recommendations', 'recommendations'],
    ['Recommended Actions', 'recommendations'],
    ['Mitigations & Recommendations', 'recommendations'],
    ['Recommendations to limit the impact', 'recommendations'],
    ['Impact', 'impact'],
    ['Potential Impact', 'impact'],
    ['Overview', 'overview'],
    ['Executive summary', 'overview'],
    ['Detection', null],
    ['Indicators of Compromise', null],
    ['Impacted Versions', null],
    ['References', null],
  ])('%s -> %s', (heading, kind) => {
    expect(classifyHeading(heading)).toBe(kind);
  });
});

describe('extractSections: variants', () => {
  it('joins a preamble and an Overview section, and keeps other sections in order', () => {
    const s = sectionsOf(
      '<p>Lead paragraph.</p><h2 id="summary">Summary</h2><p>Longer summary.</p>' +
        '<h2 id="detection">Detection</h2><p>Alert on <code>vssadmin delete</code>.</p>' +
        '<h2 id="attack-chain-analysis">Attack Chain Analysis</h2><ol><li>Phish.</li><li>Run <strong>loader</strong>.</li></ol>' +
        '<h2 id="iocs">Indicators of Compromise</h2><ul><li>203.0.113.7</li></ul>' +
        '<h2 id="potential-impact">Potential Impact</h2><p>Encrypted shares.</p><p>Downtime.</p>' +
        '<h2 id="recommended-actions">Recommended Actions</h2><ol><li>Patch.</li></ol>' +
        '<h2 id="references">References</h2><ul><li><a href="https://example.org/advisory">Vendor advisory</a></li></ul>',
    );
    expect(s.overview).toBe('<p>Lead paragraph.</p>\n<p>Longer summary.</p>');
    expect(s.attackChain).toEqual([
      { html: 'Phish.', text: 'Phish.' },
      { html: 'Run <strong>loader</strong>.', text: 'Run loader.' },
    ]);
    expect(s.impact).toBe('<p>Encrypted shares.</p><p>Downtime.</p>');
    expect(s.recommendations).toEqual([{ html: 'Patch.', text: 'Patch.' }]);
    expect(s.other.map((o) => [o.id, o.heading])).toEqual([
      ['detection', 'Detection'],
      ['iocs', 'Indicators of Compromise'],
      ['references', 'References'],
    ]);
    expect(s.other[0]?.html).toBe('<p>Alert on <code>vssadmin delete</code>.</p>');
    expect(s.other[2]?.html).toContain('rel="noopener noreferrer nofollow"');
    expect(s.outline.map((o) => o.id)).toEqual([
      'summary',
      'detection',
      'attack-chain-analysis',
      'iocs',
      'potential-impact',
      'recommended-actions',
      'references',
    ]);
  });

  it('falls back to paragraphs when the attack chain has no list', () => {
    const s = sectionsOf(
      '<h2>Attack chain</h2><p>Step one happens.</p><p>Then <em>step two</em>.</p>',
    );
    expect(s.attackChain).toEqual([
      { html: 'Step one happens.', text: 'Step one happens.' },
      { html: 'Then <em>step two</em>.', text: 'Then step two.' },
    ]);
    expect(s.outline).toEqual([{ id: 'attack-chain', heading: 'Attack chain' }]);
  });

  it('keeps nested lists inside a step and takes only the top-level items', () => {
    const s = sectionsOf(
      '<h2>Attack Chain</h2><ol><li>Stage one<ul><li>detail</li></ul></li><li>Stage two</li></ol>',
    );
    expect(s.attackChain).toHaveLength(2);
    expect(s.attackChain[0]?.html).toBe('Stage one<ul><li>detail</li></ul>');
    expect(s.attackChain[0]?.text).toBe('Stage one detail');
  });

  it('treats a body h1 as a section heading', () => {
    const s = sectionsOf('<h1>Recommendations</h1><ul><li>Rotate keys.</li></ul>');
    expect(s.recommendations).toEqual([{ html: 'Rotate keys.', text: 'Rotate keys.' }]);
  });

  it('returns empty sections for a body without headings or content', () => {
    expect(sectionsOf('')).toEqual({
      overview: null,
      attackChain: [],
      impact: null,
      recommendations: [],
      other: [],
      outline: [],
    });
    const onlyText = sectionsOf('<p>Just one paragraph.</p>');
    expect(onlyText.overview).toBe('<p>Just one paragraph.</p>');
    expect(onlyText.attackChain).toEqual([]);
    expect(onlyText.outline).toEqual([]);
  });

  it('keeps an empty section in the outline with empty html', () => {
    const s = sectionsOf('<h2 id="detection">Detection</h2><h2 id="impact">Impact</h2>');
    expect(s.other).toEqual([{ id: 'detection', heading: 'Detection', html: '' }]);
    expect(s.impact).toBeNull();
    expect(s.outline).toHaveLength(2);
  });
});
