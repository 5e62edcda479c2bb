import type { TechniqueCatalog } from '@/lib/briefs/attack/catalog';
import { collectTechniques, tacticsFor, toShadeLegend } from '@/lib/briefs/attack/matrix';
import type { BriefFilter } from '@/lib/briefs/filter/types';
import { toListHref, withFacetValue } from '@/lib/briefs/filter/edit';
import { describeFilter } from '@/lib/briefs/select';
import type { IndexedBrief } from '@/lib/briefs/types';

// An ATT&CK Navigator layer (layer format 4.5) of a set of briefs. Each technique or
// sub-technique id the briefs carry is scored with the number of briefs carrying EXACTLY that id
// (no folding: Navigator aggregates sub-techniques itself when asked), once per tactic the
// catalog knows for it, or once without a tactic (Navigator then shows it under all its tactics).

export const NAVIGATOR_VERSION = '5.1.0';
export const LAYER_VERSION = '4.5';
/** Used when the catalog does not say which ATT&CK release it is. */
export const DEFAULT_ATTACK_VERSION = '18';

const COMMENT_TITLES = 10;
const COMMENT_MAX_CHARS = 1000;
const NAME_MAX_CHARS = 120;
/** Light to dark blue: the dashboard's accent, readable under Navigator's black or white text. */
const GRADIENT = ['#dbeafe', '#60a5fa', '#1d4ed8'] as const;

export interface LayerTechnique {
  techniqueID: string;
  tactic?: string;
  score: number;
  comment: string;
  enabled: true;
  showSubtechniques?: boolean;
  links: { label: string; url: string }[];
}

export interface NavigatorLayer {
  name: string;
  versions: { attack: string; navigator: string; layer: string };
  domain: 'enterprise-attack';
  description: string;
  sorting: 0 | 1 | 2 | 3;
  layout: {
    layout: 'side' | 'flat' | 'mini';
    aggregateFunction: 'average' | 'min' | 'max' | 'sum';
    showID: boolean;
    showName: boolean;
    showAggregateScores: boolean;
    countUnscored: boolean;
    expandedSubtechniques: 'none' | 'all' | 'annotated';
  };
  hideDisabled: boolean;
  techniques: LayerTechnique[];
  gradient: { colors: string[]; minValue: number; maxValue: number };
  legendItems: { label: string; color: string }[];
  showTacticRowBackground: boolean;
  tacticRowBackground: string;
  selectTechniquesAcrossTactics: boolean;
  selectSubtechniquesWithParent: boolean;
  selectVisibleTechniques: boolean;
  metadata: { name: string; value: string }[];
}

export interface LayerOptions {
  /** The view the briefs were selected with. */
  filter: BriefFilter;
  /** The dashboard's origin, for links back to it. */
  origin: string;
  /** Where the briefs come from, in words. */
  source: string;
}

/** `17.1` -> `17`: Navigator knows ATT&CK releases by major version. */
function toAttackVersion(version: string | null): string {
  const major = version?.trim().match(/^v?(\d+)/)?.[1];
  return major ?? DEFAULT_ATTACK_VERSION;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `3 briefs: A; B; C`, at most COMMENT_TITLES titles and COMMENT_MAX_CHARS characters. */
export function toLayerComment(titles: readonly string[]): string {
  const head = `${titles.length} ${titles.length === 1 ? 'brief' : 'briefs'}: `;
  const shown = titles.slice(0, COMMENT_TITLES).map((t) => truncate(t, 160));
  const rest = titles.length - shown.length;
  const text = `${head}${shown.join('; ')}${rest > 0 ? `; … and ${rest} more` : ''}`;
  return truncate(text, COMMENT_MAX_CHARS);
}

function hex(n: number): string {
  return Math.round(n).toString(16).padStart(2, '0');
}

/** The gradient's colour at `value` of min..max, as Navigator draws it (linear between stops). */
export function gradientColor(value: number, minValue: number, maxValue: number): string {
  const t =
    maxValue > minValue ? Math.min(1, Math.max(0, (value - minValue) / (maxValue - minValue))) : 1;
  const scaled = t * (GRADIENT.length - 1);
  const i = Math.min(GRADIENT.length - 2, Math.floor(scaled));
  const f = scaled - i;
  const [a, b] = [GRADIENT[i]!, GRADIENT[i + 1]!];
  const channel = (c: string, k: number) => parseInt(c.slice(1 + 2 * k, 3 + 2 * k), 16);
  return `#${[0, 1, 2].map((k) => hex(channel(a, k) + (channel(b, k) - channel(a, k)) * f)).join('')}`;
}

export function buildNavigatorLayer(
  briefs: readonly IndexedBrief[],
  catalog: TechniqueCatalog,
  { filter, origin, source }: LayerOptions,
): NavigatorLayer {
  const carried = [...collectTechniques(briefs).values()].sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  const knownTactics = new Set(catalog.tactics.map((t) => t.shortname));
  const parentsWithSubs = new Set(
    carried.flatMap((t) => (t.id.includes('.') ? [catalog.parentOf(t.id) ?? ''] : [])),
  );

  const techniques: LayerTechnique[] = [];
  let maxScore = 0;
  for (const technique of carried) {
    const score = technique.briefs.size;
    maxScore = Math.max(maxScore, score);
    const titles = [...technique.briefs].map((i) => briefs[i]!.title);
    const base = {
      techniqueID: technique.id,
      score,
      comment: toLayerComment(titles),
      enabled: true as const,
      ...(parentsWithSubs.has(technique.id) ? { showSubtechniques: true } : {}),
      links: [
        {
          label: 'Briefs in the dashboard',
          url: `${origin}${toListHref(withFacetValue(filter, 'technique', technique.id))}`,
        },
      ],
    };
    const tactics = tacticsFor(catalog, technique).filter((t) => knownTactics.has(t));
    if (tactics.length === 0) techniques.push(base);
    else for (const tactic of tactics) techniques.push({ ...base, tactic });
  }

  const minValue = 0;
  const maxValue = Math.max(1, maxScore);
  const words = describeFilter(filter);
  const view = `${origin}${toListHref(filter, {}, '/attack')}`;
  return toNavigatorLayer({
    name: truncate(`CraftedSignal briefs: ${words}`, NAME_MAX_CHARS),
    attackVersion: toAttackVersion(catalog.compact.attackVersion),
    description:
      `ATT&CK techniques of ${briefs.length} ${briefs.length === 1 ? 'brief' : 'briefs'} matching: ${words}. ` +
      `Score: the number of those briefs carrying exactly the technique or sub-technique. ` +
      `Source: ${source}. View: ${view}`,
    techniques,
    gradient: { colors: [...GRADIENT], minValue, maxValue },
    legendItems: toShadeLegend(maxScore).map((range) => ({
      label:
        range.min === range.max
          ? `${range.min} ${range.min === 1 ? 'brief' : 'briefs'}`
          : `${range.min}–${range.max} briefs`,
      color: gradientColor(range.max, minValue, maxValue),
    })),
    metadata: [
      { name: 'Filter', value: words },
      { name: 'Briefs', value: String(briefs.length) },
      { name: 'Source', value: source },
      { name: 'Dashboard view', value: view },
    ],
  });
}

/** What differs between the layers the dashboard writes; the rest is one fixed Navigator setup. */
export type LayerContent = Pick<
  NavigatorLayer,
  'name' | 'description' | 'techniques' | 'gradient' | 'legendItems' | 'metadata'
> & { attackVersion: string };

/** A Navigator layer (format LAYER_VERSION) with the dashboard's fixed view settings. */
export function toNavigatorLayer({ attackVersion, ...content }: LayerContent): NavigatorLayer {
  return {
    name: content.name,
    versions: { attack: attackVersion, navigator: NAVIGATOR_VERSION, layer: LAYER_VERSION },
    domain: 'enterprise-attack',
    description: content.description,
    sorting: 3,
    layout: {
      layout: 'side',
      aggregateFunction: 'max',
      showID: true,
      showName: true,
      showAggregateScores: false,
      countUnscored: false,
      expandedSubtechniques: 'annotated',
    },
    hideDisabled: false,
    techniques: content.techniques,
    gradient: content.gradient,
    legendItems: content.legendItems,
    showTacticRowBackground: false,
    tacticRowBackground: '#dddddd',
    selectTechniquesAcrossTactics: true,
    selectSubtechniquesWithParent: false,
    selectVisibleTechniques: false,
    metadata: content.metadata,
  };
}
