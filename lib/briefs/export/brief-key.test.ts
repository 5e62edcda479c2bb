import { describe, expect, it } from 'vitest';
import { toIndexedBrief } from '@/lib/briefs/types';
import { makeBrief } from '@/test/support/test-briefs';
import { buildStixBundle } from './stix';
import { exportKeyOf, findSharedUrls, ownUrlOf } from './brief-key';

describe('export keys', () => {
  const a = { slug: 'item-a', url: 'http://host/' };
  const b = { slug: 'item-b', url: 'http://host/' };
  const own = { slug: 'x-1', url: 'https://feed.craftedsignal.io/briefs/x-1/' };

  it('keep a URL that names the slug and key any other by slug', () => {
    expect(exportKeyOf(own)).toBe(own.url);
    expect(ownUrlOf(own)).toBe(own.url);
    expect(exportKeyOf(a)).toBe('slug:item-a');
    expect(exportKeyOf(b)).toBe('slug:item-b');
    expect(ownUrlOf(a)).toBeNull();
  });

  it('give two briefs sharing a slug-less URL two STIX reports, and name them', () => {
    const briefs = [toIndexedBrief(makeBrief(a)), toIndexedBrief(makeBrief(b))];
    const reports = buildStixBundle(briefs, 'https://dash.example').objects.filter(
      (o) => o.type === 'report',
    );
    expect(new Set(reports.map((r) => r.id)).size).toBe(2);
    expect(findSharedUrls(briefs)).toEqual({ count: 2, slugs: ['item-a', 'item-b'] });
  });
});
