import 'server-only';
import { z } from 'zod';

// The shape of one raw feed item, validated item by item. Every field is optional and lenient:
// a wrong-typed field becomes undefined (or is coerced), it never rejects the item. Meaning
// (severity names, CVE ids, URL schemes, caps) is applied later, in normalize.ts.

/** A trimmed non-empty string; numbers are accepted as their decimal form. */
const text = z
  .union([z.string(), z.number().transform(String)])
  .transform((s) => s.trim())
  .pipe(z.string().min(1))
  .optional()
  .catch(undefined);

/** Strings from a string or an array; nulls and non-strings inside are dropped. Anything else counts as absent. */
const textList = z
  .unknown()
  .transform((value) => {
    if (typeof value === 'string') return [value];
    return Array.isArray(value)
      ? value.filter((v): v is string => typeof v === 'string')
      : undefined;
  })
  .optional();

/** true/false, or their string spellings. */
const flag = z
  .union([
    z.boolean(),
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(['true', 'false']))
      .transform((v) => v === 'true'),
  ])
  .optional()
  .catch(undefined);

/** First string of a string-or-array (a type given as `["threat"]`). */
const firstText = z
  .unknown()
  .transform((value) => (Array.isArray(value) ? value.find((v) => typeof v === 'string') : value))
  .pipe(text)
  .optional();

export const rawCveSchema = z.union([
  z.string(),
  z
    .looseObject({ id: z.string(), cvss: z.unknown().optional() })
    .transform(({ id, cvss }) => ({ id, cvss })),
]);
export type RawCve = z.output<typeof rawCveSchema>;

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

const cveList = z
  .unknown()
  .transform((value) => {
    const values = Array.isArray(value)
      ? value
      : typeof value === 'string' || isObject(value)
        ? [value]
        : null;
    return values?.flatMap((v) => {
      const parsed = rawCveSchema.safeParse(v);
      return parsed.success ? [parsed.data] : [];
    });
  })
  .optional();

const rawItemSchema = z.object({
  id: text,
  url: text,
  title: text,
  summary: text,
  content_html: text,
  content_text: text,
  date_published: text,
  date_modified: text,
  date: text, // JSON Feed 1.0
  _cs_type: firstText,
  type: firstText,
  _cs_severities: textList,
  severities: textList,
  _cs_products: textList,
  products: textList,
  _cs_vendors: textList,
  vendors: textList,
  _cs_actors: textList,
  actors: textList,
  _cs_tags: textList,
  tags: textList,
  _cs_exploited: flag,
  exploited: flag,
  _cs_has_poc: flag,
  has_poc: flag,
  _cs_poc_references: textList,
  poc_references: textList,
  _cs_cpes: textList,
  cpes: textList,
  _cs_cves: cveList,
  cves: cveList,
});

/** One item with the 1.1 `_cs_` fields and the unprefixed 1.0 variant merged; the prefixed field wins. */
export const feedItemSchema = rawItemSchema.transform((r) => ({
  id: r.id,
  url: r.url,
  title: r.title,
  summary: r.summary,
  contentHtml: r.content_html,
  contentText: r.content_text,
  /** Publication date candidates in order of preference (1.1, then 1.0); normalize takes the first that parses. */
  published: [r.date_published, r.date].filter((d): d is string => d !== undefined),
  modified: r.date_modified,
  type: r._cs_type ?? r.type,
  severities: r._cs_severities ?? r.severities ?? [],
  products: r._cs_products ?? r.products ?? [],
  vendors: r._cs_vendors ?? r.vendors ?? [],
  actors: r._cs_actors ?? r.actors ?? [],
  tags: r._cs_tags ?? r.tags ?? [],
  exploited: r._cs_exploited ?? r.exploited,
  hasPoc: r._cs_has_poc ?? r.has_poc,
  pocReferences: r._cs_poc_references ?? r.poc_references ?? [],
  cpes: r._cs_cpes ?? r.cpes ?? [],
  cves: r._cs_cves ?? r.cves ?? [],
}));

export type FeedItem = z.output<typeof feedItemSchema>;
