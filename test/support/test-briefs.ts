import type { Brief, Cve, Technique } from '@/lib/briefs/types';

// Test-only factory: a complete, valid Brief from the few fields a test cares about.

export type BriefOverrides = Omit<Partial<Brief>, 'cves' | 'techniques'> & {
  /** `'CVE-2024-1234'` is short for `{ id: 'CVE-2024-1234', cvss: null }`. */
  cves?: (string | Cve)[];
  /** `'T1059.001'` is short for `{ id: 'T1059.001', name: null, tactics: [] }`. */
  techniques?: (string | Technique)[];
};

let counter = 0;

export function makeBrief(overrides: BriefOverrides = {}): Brief {
  counter += 1;
  const slug = overrides.slug ?? `brief-${counter}`;
  const { cves = [], techniques = [], ...rest } = overrides;
  const severity = rest.severity ?? null;
  return {
    slug,
    title: `Brief ${slug}`,
    summary: '',
    date: '2024-01-01T00:00:00Z',
    type: null,
    severity,
    vendors: [],
    products: [],
    actors: [],
    tags: [],
    exploited: null,
    hasPoc: false,
    url: null,
    modified: null,
    severities: severity ? [severity] : [],
    affected: [],
    pocReferences: [],
    cpes: [],
    tactics: [],
    contentHtml: '',
    sections: {
      overview: null,
      attackChain: [],
      impact: null,
      recommendations: [],
      other: [],
      outline: [],
    },
    text: '',
    confidence: null,
    indicators: [],
    indicatorsOmitted: 0,
    references: [],
    iocCount: 0,
    iocTypes: [],
    iocHashes: [],
    ...rest,
    cves: cves.map((cve) => (typeof cve === 'string' ? { id: cve, cvss: null } : cve)),
    techniques: techniques.map((technique) =>
      typeof technique === 'string' ? { id: technique, name: null, tactics: [] } : technique,
    ),
  };
}
