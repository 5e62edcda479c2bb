import { activeFilterChips } from '@/lib/briefs/filter/chips';
import type { BriefFilter } from '@/lib/briefs/filter/types';
import type { BriefDetail } from '@/lib/briefs/types';
import type { BriefListItem, BriefType, Severity } from '@/lib/briefs/types';
import {
  defang,
  groupIndicators,
  indicatorTypeLabel,
  type Indicator,
} from '@/lib/briefs/indicators';
import { cvesWithSignals } from '@/lib/signals/brief-signals';
import { markdownSignals } from '@/lib/signals/export-fields';
import { NO_SIGNALS, type CveSignals, type CveWithSignals, hasSignals } from '@/lib/signals/types';

// Markdown for a ticket or a chat. Every upstream string is untrusted: it is written as text
// (Markdown's punctuation backslash-escaped, line breaks folded, control characters
// dropped), so a title can neither add Markdown (links, images, headings, emphasis, tables) nor
// HTML to the ticket. Links are written by us, from http(s) URLs only.

// The punctuation CommonMark and GFM give a meaning to (`:` and `.` for autolinks); quotes,
// commas and the like stay as they are, so the raw text reads well too.
const PUNCTUATION = /[!#&()*+\-.:<>@[\\\]_`|~]/g;
const CONTROL =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g;

/** Untrusted text as literal Markdown text on one line. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(CONTROL, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(PUNCTUATION, (c) => `\\${c}`);
}

/** An http(s) URL safe inside `(<...>)`, or null. */
export function toMarkdownUrl(raw: string | null | undefined): string | null {
  if (!raw || !URL.canParse(raw)) return null;
  const url = new URL(raw);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  // URL.href already percent-encodes spaces, quotes and angle brackets; parentheses are legal
  // but would end the link destination in some renderers.
  return url.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
}

function link(text: string, url: string | null): string {
  const safe = toMarkdownUrl(url);
  return safe ? `[${escapeMarkdown(text)}](<${safe}>)` : escapeMarkdown(text);
}

const SEVERITY_WORD: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  informational: 'Informational',
  rumour: 'Rumour',
};
const TYPE_WORD: Record<BriefType, string> = {
  threat: 'Threat',
  coverage: 'Rule',
  advisory: 'Advisory',
  rumour: 'Rumour',
};

export interface BriefForMarkdown {
  slug: string;
  title: string;
  summary: string;
  date: string;
  type: BriefType | null;
  severity: Severity | null;
  url: string | null;
  exploited: boolean | null;
  hasPoc: boolean;
  attackChain: string[];
  recommendations: string[];
  techniques: { id: string; name: string | null }[];
  /** With KEV and EPSS (lib/signals/) while either upstream is on. */
  cves: ({ id: string; cvss: number | null } & Partial<Pick<CveWithSignals, 'kev' | 'epss'>>)[];
  confidence: number | null;
  /** The first MARKDOWN_INDICATORS; `indicatorsMore` counts the rest (the page has them all). */
  indicators: Indicator[];
  indicatorsMore: number;
  references: string[];
}

/** A ticket carries this many indicators; the rest are on the dashboard and in its exports. */
export const MARKDOWN_INDICATORS = 100;

/** Untrusted text as a Markdown code span: a fence longer than any backtick run inside it. */
function codeSpan(text: string): string {
  const clean = text.replace(CONTROL, '').replace(/\s+/g, ' ');
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') || clean === '' ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/** The fields a copy needs, small enough to hand to a client component. */
export function toBriefForMarkdown(
  brief: BriefDetail,
  signals: CveSignals = NO_SIGNALS,
): BriefForMarkdown {
  return {
    slug: brief.slug,
    title: brief.title,
    summary: brief.summary,
    date: brief.date,
    type: brief.type,
    severity: brief.severity,
    url: brief.url,
    exploited: brief.exploited,
    hasPoc: brief.hasPoc,
    attackChain: brief.sections.attackChain.map((step) => step.text),
    recommendations: brief.sections.recommendations.map((item) => item.text),
    techniques: brief.techniques.map(({ id, name }) => ({ id, name })),
    cves: !hasSignals(signals)
      ? brief.cves
      : brief.cves.map((cve) => ({
          ...cve,
          ...cvesWithSignals([cve.id], signals)[0],
        })),
    confidence: brief.confidence ?? null,
    indicators: (brief.indicators ?? []).slice(0, MARKDOWN_INDICATORS),
    indicatorsMore:
      Math.max(0, (brief.indicators ?? []).length - MARKDOWN_INDICATORS) +
      (brief.indicatorsOmitted ?? 0),
    references: brief.references ?? [],
  };
}

export const dashboardBriefUrl = (origin: string, slug: string) =>
  `${origin}/briefs/${encodeURIComponent(slug)}`;

const day = (iso: string) => /^\d{4}-\d{2}-\d{2}/.exec(iso)?.[0] ?? 'unknown date';

/** The brief as a Markdown section for a ticket. */
export function briefToMarkdown(brief: BriefForMarkdown, origin: string): string {
  const lines: string[] = [`## ${link(brief.title, dashboardBriefUrl(origin, brief.slug))}`, ''];
  const facts = [
    `**Severity:** ${brief.severity ? SEVERITY_WORD[brief.severity] : 'not rated'}`,
    `**Type:** ${brief.type ? TYPE_WORD[brief.type] : 'unknown'}`,
    `**Published:** ${day(brief.date)}`,
  ];
  if (brief.exploited) facts.push('**Exploited in the wild**');
  if (brief.hasPoc) facts.push('**Public proof of concept**');
  lines.push(facts.join(' · '));
  const original = toMarkdownUrl(brief.url);
  lines.push('', `Dashboard: <${toMarkdownUrl(dashboardBriefUrl(origin, brief.slug))}>`);
  if (original) lines.push(`Original: <${original}>`);
  if (brief.summary.trim()) lines.push('', '### Summary', '', escapeMarkdown(brief.summary));
  if (brief.attackChain.length > 0) {
    lines.push('', '### Attack chain', '');
    brief.attackChain.forEach((step, i) => lines.push(`${i + 1}. ${escapeMarkdown(step)}`));
  }
  if (brief.recommendations.length > 0) {
    lines.push('', '### Recommendations', '');
    for (const item of brief.recommendations) lines.push(`- [ ] ${escapeMarkdown(item)}`);
  }
  if (brief.confidence !== null && brief.confidence !== undefined)
    lines.push('', `**Report confidence:** ${brief.confidence}/100`);
  if (brief.techniques.length > 0) {
    lines.push('', '### ATT&CK techniques', '');
    for (const t of brief.techniques) {
      const url = `https://attack.mitre.org/techniques/${t.id.replace('.', '/')}/`;
      lines.push(`- ${link(t.id, url)}${t.name ? ` ${escapeMarkdown(t.name)}` : ''}`);
    }
  }
  if (brief.cves.length > 0) {
    lines.push('', '### CVEs', '');
    for (const cve of brief.cves) {
      const url = `https://nvd.nist.gov/vuln/detail/${cve.id}`;
      lines.push(
        `- ${link(cve.id, url)}${cve.cvss !== null ? ` (CVSS ${cve.cvss.toFixed(1)})` : ''}${markdownSignals({ id: cve.id, kev: cve.kev ?? null, epss: cve.epss ?? null })}`,
      );
    }
  }
  lines.push(...indicatorsToMarkdown(brief));
  return `${lines.join('\n')}\n`;
}

/** Indicators grouped by type, defanged in code spans; references as links (http/https) or text. */
function indicatorsToMarkdown(brief: BriefForMarkdown): string[] {
  const lines: string[] = [];
  const indicators = brief.indicators ?? [];
  if (indicators.length > 0 || brief.indicatorsMore > 0) {
    const total = indicators.length + (brief.indicatorsMore ?? 0);
    lines.push('', `### Indicators (${total})`);
    for (const [type, values] of groupIndicators(indicators)) {
      lines.push('', `**${escapeMarkdown(indicatorTypeLabel(type))}** (${values.length})`, '');
      for (const value of values) lines.push(`- ${codeSpan(defang(type, value))}`);
    }
    if (brief.indicatorsMore > 0)
      lines.push('', `${brief.indicatorsMore} more on the dashboard and in its exports.`);
  }
  if ((brief.references ?? []).length > 0) {
    lines.push('', '### References', '');
    for (const reference of brief.references) lines.push(`- ${link(reference, reference)}`);
  }
  return lines;
}

const SNIPPET_SUMMARY_CHARS = 240;

/** One paragraph for a chat: severity, type, title, a short summary and the link. */
export function briefToChatSnippet(brief: BriefForMarkdown, origin: string): string {
  const label = [
    brief.severity && SEVERITY_WORD[brief.severity],
    brief.type && TYPE_WORD[brief.type],
  ]
    .filter(Boolean)
    .join(' ');
  const summary = brief.summary.replace(/\s+/g, ' ').trim();
  const short =
    summary.length > SNIPPET_SUMMARY_CHARS
      ? `${summary.slice(0, SNIPPET_SUMMARY_CHARS - 1)}…`
      : summary;
  const flags = [brief.exploited && 'exploited in the wild', brief.hasPoc && 'public PoC'].filter(
    Boolean,
  );
  const cves = brief.cves.slice(0, 3).map((c) => c.id);
  const parts = [
    `${label ? `**${escapeMarkdown(label)}:** ` : ''}${escapeMarkdown(brief.title)}`,
    short && `— ${escapeMarkdown(short)}`,
    flags.length > 0 && `(${flags.join(', ')}${cves.length ? `; ${cves.join(', ')}` : ''})`,
    flags.length === 0 && cves.length > 0 && `(${cves.join(', ')})`,
    `<${toMarkdownUrl(dashboardBriefUrl(origin, brief.slug))}>`,
  ];
  return parts.filter(Boolean).join(' ');
}

/** The filter in words, for a digest's heading. */
export function describeFilterInWords(filter: BriefFilter): string {
  const labels = activeFilterChips(filter).map((chip) => chip.label);
  return labels.length > 0 ? labels.join('; ') : 'all briefs';
}

export const DIGEST_MAX_BRIEFS = 25;

/** A filtered view as a Markdown digest: the filter in words, then its first briefs. */
export function viewToDigest(
  view: { filter: BriefFilter; total: number; items: readonly BriefListItem[]; href: string },
  origin: string,
  limit = DIGEST_MAX_BRIEFS,
): string {
  const items = view.items.slice(0, limit);
  const lines = [
    `## Threat briefs: ${escapeMarkdown(describeFilterInWords(view.filter))}`,
    '',
    `${view.total} ${view.total === 1 ? 'brief matches' : 'briefs match'}${
      items.length < view.total ? `; the first ${items.length}:` : ':'
    }`,
    '',
  ];
  items.forEach((brief, i) => {
    const severity = brief.severity ? SEVERITY_WORD[brief.severity] : 'Not rated';
    lines.push(
      `${i + 1}. **${severity}** ${link(brief.title, dashboardBriefUrl(origin, brief.slug))} (${day(brief.date)})`,
    );
  });
  lines.push('', `View: <${toMarkdownUrl(`${origin}${view.href}`) ?? origin}>`);
  return `${lines.join('\n')}\n`;
}
