// The identifier kinds the dashboard recognises, one pattern each, and the one slug function.
// Pure and dependency-free: used by ingest (server), the URL parser and the UI (client).

/** An ATT&CK technique or sub-technique id, upper case: `T1059`, `T1059.001`. */
export const TECHNIQUE_ID = /^T\d{4}(?:\.\d{3})?$/;
/** An ATT&CK tactic id: `TA0002`. */
export const TACTIC_ID = /^TA\d{4}$/;
/** A CVE id, upper case: `CVE-2024-12345`. */
export const CVE_ID = /^CVE-\d{4}-\d{4,}$/;

// Word-bounded so `AT1059` or `T10590` do not count; `attack.t1059` matches because `.` is not a word character.
const TECHNIQUE_IN_TEXT = new RegExp(`\\b${TECHNIQUE_ID.source.slice(1, -1)}(?!\\w)`, 'gi');

export function isTechniqueId(value: string): boolean {
  return TECHNIQUE_ID.test(value);
}

/** Technique ids mentioned in free text, upper-cased, deduplicated, in order of first mention. */
export function findTechniqueIds(text: string): string[] {
  const seen = new Set<string>();
  for (const match of text.matchAll(TECHNIQUE_IN_TEXT)) seen.add(match[0].toUpperCase());
  return [...seen];
}

/** `T1059` for `T1059.001`; null for a technique that is not a sub-technique. */
export function toParentTechnique(id: string): string | null {
  const dot = id.indexOf('.');
  return dot > 0 ? id.slice(0, dot) : null;
}

/**
 * The lowercase, hyphenated form of a name, as the upstream writes its taxonomy slugs
 * (`Splunk Enterprise` -> `splunk-enterprise`) and Hugo its heading ids. Accents fold
 * (`Café` -> `cafe`); letters of other scripts are kept.
 */
export function toSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}
