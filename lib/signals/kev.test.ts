import { describe, expect, it } from 'vitest';
import { makeKevDocument } from '@/dev/signals';
import { KevFormatError, parseKevCatalog, toKevDocument } from './kev';

describe('parseKevCatalog', () => {
  it('keeps what the dashboard shows of each entry', () => {
    const catalog = parseKevCatalog(
      makeKevDocument([
        {
          cveID: 'CVE-2024-3400',
          dateAdded: '2024-04-12',
          dueDate: '2024-04-19',
          requiredAction: 'Apply the hotfix.',
          knownRansomwareCampaignUse: 'Known',
        },
      ]),
    );
    expect(catalog.catalogVersion).toBe('2026.12.01');
    expect(catalog.entries.get('CVE-2024-3400')).toEqual({
      dateAdded: '2024-04-12',
      dueDate: '2024-04-19',
      requiredAction: 'Apply the hotfix.',
      ransomware: 'known',
      vulnerabilityName: 'Example Product Improper Input Validation Vulnerability',
    });
    // The compact form on disk parses back to the same catalog.
    expect(parseKevCatalog(toKevDocument(catalog)).entries).toEqual(catalog.entries);
  });

  it('refuses one bad entry alone: a CVE id that is not one, an impossible date', () => {
    const catalog = parseKevCatalog(
      makeKevDocument([
        { cveID: 'CVE-2024-0001', dateAdded: '2024-01-02' },
        { cveID: '<img src=x onerror=alert(1)>', dateAdded: '2024-01-02' },
        { cveID: 'CVE-2024-0002', dateAdded: '2024-02-31' },
        { cveID: 'CVE-2024-0003', dateAdded: 'yesterday' },
      ]),
    );
    expect([...catalog.entries.keys()]).toEqual(['CVE-2024-0001']);
    expect(catalog.refused).toBe(3);
  });

  it('keeps markup in vulnerabilityName as text (rendered as text, never as HTML)', () => {
    const name = '<script>alert("x")</script> Example RCE';
    const catalog = parseKevCatalog(
      makeKevDocument([
        { cveID: 'CVE-2024-0001', dateAdded: '2024-01-02', vulnerabilityName: name },
      ]),
    );
    expect(catalog.entries.get('CVE-2024-0001')?.vulnerabilityName).toBe(name);
  });

  it('refuses a document of the wrong shape whole', () => {
    expect(() => parseKevCatalog({ vulnerabilities: 'none' })).toThrow(KevFormatError);
    expect(() => parseKevCatalog([{ cveID: 'CVE-2024-0001' }])).toThrow(/not in CISA's shape/);
    expect(() =>
      parseKevCatalog({ catalogVersion: '1', dateReleased: 'x', vulnerabilities: {} }),
    ).toThrow(/vulnerabilities/);
  });
});
