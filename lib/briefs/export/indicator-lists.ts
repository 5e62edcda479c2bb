import Papa from 'papaparse';
import { BRIEF_TYPES, type IndexedBrief } from '@/lib/briefs/types';
import type { BriefIndicators } from '@/lib/briefs/indicators';
import { describeFilter, toBriefUrl } from '@/lib/briefs/select';
import type { BriefFilter } from '@/lib/briefs/filter/types';
import { CSV_BOM } from './csv';

// A view's indicators for blocklists and hunting: plain text (one raw value per line, each once,
// after `#` comment lines naming the view) and CSV (one row per value and brief). Values are
// raw, never defanged: these files are for machines. Ingest keeps no value with a line break.

export interface IndicatorRow {
  type: string;
  value: string;
  brief: IndexedBrief;
}

/** The brief types keep their meaning; another `type` value names an indicator type. */
export function moveIndicatorTypeParams(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  const briefTypes = new Set<string>([...BRIEF_TYPES, 'rule', 'rumor']);
  for (const [name, value] of params) {
    if (name === 'type' && !briefTypes.has(value.trim().toLowerCase()))
      out.append('ioc_type', value);
    else out.append(name, value);
  }
  return out;
}

/** Every indicator of the briefs (of the filter's `ioc_type`s when it names any), in list order. */
export function collectIndicators(
  briefs: readonly IndexedBrief[],
  filter: BriefFilter,
  bodyOf: (slug: string) => Pick<BriefIndicators, 'indicators'> | undefined,
): IndicatorRow[] {
  const types = new Set(filter.ioc_type);
  const rows: IndicatorRow[] = [];
  for (const brief of briefs) {
    if (!brief.iocCount) continue;
    for (const { type, value } of bodyOf(brief.slug)?.indicators ?? []) {
      if (types.size > 0 && !types.has(type)) continue;
      if (/[\r\n]/.test(value)) continue;
      rows.push({ type, value, brief });
    }
  }
  return rows;
}

export function toIndicatorsText(
  rows: readonly IndicatorRow[],
  filter: BriefFilter,
  source: string,
): string {
  const values = [...new Set(rows.map((row) => row.value))];
  const briefs = new Set(rows.map((row) => row.brief.slug)).size;
  const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ');
  const header = [
    `# Indicators of the view: ${oneLine(describeFilter(filter))}`,
    ...(filter.ioc_type.length > 0 ? [`# Types: ${filter.ioc_type.join(', ')}`] : []),
    `# ${values.length} distinct ${values.length === 1 ? 'value' : 'values'} from ${briefs} ${briefs === 1 ? 'brief' : 'briefs'}; raw (not defanged), one per line`,
    `# Source: ${oneLine(source)}`,
  ];
  return `${[...header, ...values].join('\n')}\n`;
}

export const INDICATOR_CSV_COLUMNS = [
  'value',
  'type',
  'brief_slug',
  'brief_title',
  'brief_date',
  'brief_url',
] as const;

/** Same formula guard as the briefs CSV. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function toIndicatorsCsv(rows: readonly IndicatorRow[], origin: string): string {
  const data = rows.map(({ value, type, brief }) => [
    value,
    type,
    brief.slug,
    brief.title,
    brief.date,
    toBriefUrl(origin, brief.slug),
  ]);
  const csv = Papa.unparse(
    { fields: [...INDICATOR_CSV_COLUMNS], data },
    { newline: '\r\n', escapeFormulae: FORMULA_START, header: true },
  );
  return `${CSV_BOM}${csv.endsWith('\r\n') ? csv : `${csv}\r\n`}`;
}
