'use client';

import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import type { BriefFilter } from '@/lib/briefs/filter/types';
import { FILTER_LIMITS } from '@/lib/briefs/filter/types';
import { toListHref, withFacetValue } from '@/lib/briefs/filter/edit';
import { STORAGE_KEYS } from '@/lib/workflow/storage-keys';
import {
  buildGapsLayer,
  compareCoverage,
  isCovered,
  readCoverageLayer,
  storedCoverageSchema,
  type StoredCoverage,
  type ViewTechnique,
} from '@/lib/workflow/coverage-layer';
import { useMounted } from '@/components/ui/use-mounted';
import { useStored } from './browser-storage';

// "Compare with my coverage": a Navigator layer file is read in the browser (nothing is sent
// anywhere), kept as its covered ids in localStorage, and the server-rendered matrix cells are
// marked through their data-technique / data-subtechnique attributes.

const BUTTON =
  'border-line-strong bg-surface hover:border-accent hover:text-accent inline-flex h-8 items-center rounded-md border px-2.5 text-sm font-medium';
const COVERED_CLASSES = ['outline-2', 'outline-emerald-600', 'dark:outline-emerald-400'];
const UNCOVERED_CLASSES = [
  'outline-2',
  'outline-dashed',
  'outline-red-700',
  'dark:outline-red-400',
];
const NO_COVERAGE: StoredCoverage | null = null;
const MAX_ROWS = 200;

function markMatrix(covered: ReadonlySet<string> | null, gapsOnly: boolean) {
  const cells = document.querySelectorAll<HTMLElement>('[data-technique], [data-subtechnique]');
  for (const el of cells) {
    const id = el.dataset.technique ?? el.dataset.subtechnique ?? '';
    const link = el.querySelector<HTMLAnchorElement>(':scope > a, :scope > div > a');
    el.classList.remove(...COVERED_CLASSES, ...UNCOVERED_CLASSES, 'hidden');
    if (link?.dataset.label !== undefined) link.setAttribute('aria-label', link.dataset.label);
    if (!covered) {
      delete el.dataset.coverage;
      continue;
    }
    const state = isCovered(covered, id) ? 'covered' : 'uncovered';
    el.dataset.coverage = state;
    el.classList.add(...(state === 'covered' ? COVERED_CLASSES : UNCOVERED_CLASSES));
    if (link) {
      link.dataset.label ??= link.getAttribute('aria-label') ?? '';
      link.setAttribute(
        'aria-label',
        `${link.dataset.label}; ${state === 'covered' ? 'covered by your layer' : 'not covered by your layer'}`,
      );
    }
  }
  if (!covered || !gapsOnly) return;
  for (const el of cells) {
    if (el.dataset.coverage !== 'covered') continue;
    // A covered technique stays when one of its sub-techniques is a gap.
    if (el.querySelector('[data-subtechnique][data-coverage="uncovered"]')) continue;
    el.classList.add('hidden');
  }
}

export function CoverageCompare({
  techniques,
  filter,
  viewWords,
}: {
  techniques: ViewTechnique[];
  filter: BriefFilter;
  viewWords: string;
}) {
  const mounted = useMounted();
  const [stored, setStored] = useStored(
    STORAGE_KEYS.coverage,
    storedCoverageSchema.nullable(),
    NO_COVERAGE,
  );
  const [error, setError] = useState<string | null>(null);
  const [gapsOnly, setGapsOnly] = useState(false);
  const covered = useMemo(() => (stored ? new Set(stored.covered) : null), [stored]);
  const comparison = useMemo(
    () => (covered ? compareCoverage(techniques, covered) : null),
    [techniques, covered],
  );

  useEffect(() => {
    markMatrix(covered, gapsOnly);
    return () => markMatrix(null, false);
  }, [covered, gapsOnly, techniques]);

  if (!mounted) return null;

  async function load(file: File | undefined) {
    if (!file) return;
    const result = readCoverageLayer(await file.text());
    if (!result.ok) {
      setError(`${file.name}: ${result.error}`);
      return;
    }
    setError(null);
    setStored(() => ({ name: result.layer.name, covered: [...result.layer.covered] }));
  }

  function downloadGaps() {
    if (!comparison || !stored) return;
    const layer = buildGapsLayer(comparison.uncovered, {
      coverageName: stored.name,
      viewWords,
      viewUrl: `${window.location.origin}${toListHref(filter, {}, '/attack')}`,
    });
    const url = URL.createObjectURL(
      new Blob([JSON.stringify(layer, null, 2)], { type: 'application/json' }),
    );
    const link = document.createElement('a');
    link.href = url;
    link.download = 'coverage-gaps-layer.json';
    link.click();
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  const uncovered = comparison?.uncovered ?? [];
  const ids = uncovered.map((t) => t.id);
  const listHref =
    ids.length > 0 && ids.length <= FILTER_LIMITS.maxFacetValues
      ? toListHref({ ...filter, technique: ids })
      : null;

  return (
    <section
      aria-labelledby="coverage-heading"
      className="border-line bg-surface-muted space-y-2 rounded-lg border px-3 py-2"
      data-testid="coverage"
    >
      <h2 id="coverage-heading" className="text-sm font-semibold">
        Compare with my coverage
      </h2>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <label className={`${BUTTON} cursor-pointer focus-within:ring-2`}>
          {stored ? 'Load another layer file' : 'Load a Navigator layer file'}
          <input
            type="file"
            accept="application/json,.json"
            className="sr-only"
            data-testid="coverage-file"
            onChange={(event) => {
              void load(event.currentTarget.files?.[0]);
              event.currentTarget.value = '';
            }}
          />
        </label>
        <span className="text-fg-muted">Read in this browser; nothing is uploaded.</span>
        {stored && (
          <>
            <label className="inline-flex items-center gap-1.5">
              <input
                type="checkbox"
                checked={gapsOnly}
                onChange={(e) => setGapsOnly(e.currentTarget.checked)}
                className="size-4 accent-(--accent)"
              />
              Show only gaps
            </label>
            <button
              type="button"
              className={BUTTON}
              onClick={downloadGaps}
              disabled={uncovered.length === 0}
            >
              Download gaps as a layer
            </button>
            <button
              type="button"
              className="text-accent text-sm underline"
              onClick={() => {
                setStored(() => null);
                setGapsOnly(false);
              }}
            >
              Forget the layer
            </button>
          </>
        )}
      </div>
      {error && (
        <p
          role="alert"
          className="text-sm text-red-800 dark:text-red-200"
          data-testid="coverage-error"
        >
          {error}
        </p>
      )}
      {stored && comparison && (
        <div className="space-y-2 text-sm">
          <p role="status" data-testid="coverage-summary">
            Layer <strong>{stored.name}</strong> covers {comparison.covered.length} of the{' '}
            {techniques.length} techniques these briefs carry; {uncovered.length} uncovered.
            {listHref && (
              <>
                {' '}
                <Link
                  href={listHref}
                  prefetch={false}
                  className="text-accent font-medium underline"
                >
                  Show briefs with an uncovered technique
                </Link>
              </>
            )}
            {ids.length > FILTER_LIMITS.maxFacetValues &&
              ` Too many uncovered techniques for one link (at most ${FILTER_LIMITS.maxFacetValues}): the list of uncovered techniques below links each one.`}
          </p>
          {uncovered.length > 0 && (
            <details>
              <summary className="cursor-pointer text-sm font-medium select-none">
                Uncovered techniques ({uncovered.length})
              </summary>
              <table className="mt-1 w-full max-w-2xl text-sm" data-testid="coverage-gaps">
                <caption className="text-fg-muted text-left text-xs">
                  Uncovered techniques, most briefs first
                </caption>
                <thead className="text-fg-muted text-xs">
                  <tr>
                    <th scope="col" className="text-left font-medium">
                      Technique
                    </th>
                    <th scope="col" className="text-right font-medium">
                      Briefs
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {uncovered.slice(0, MAX_ROWS).map((t) => (
                    <tr key={t.id} className="border-line border-t" data-gap={t.id}>
                      <th scope="row" className="py-0.5 text-left font-normal">
                        <Link
                          href={toListHref(withFacetValue(filter, 'technique', t.id))}
                          prefetch={false}
                          className="text-accent hover:underline"
                        >
                          <span className="font-mono">{t.id}</span> {t.name}
                        </Link>
                      </th>
                      <td className="py-0.5 text-right tabular-nums">{t.count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}
        </div>
      )}
    </section>
  );
}
