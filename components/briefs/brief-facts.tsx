import type { ReactNode } from 'react';
import type { BriefDetail } from '@/lib/briefs/types';
import type { FacetName } from '@/lib/briefs/filter/types';
import { toListHref } from '@/lib/briefs/filter/edit';
import { emptyFilter } from '@/lib/briefs/filter/url';
import { FilterChip } from './brief-row';

const listHref = (facet: FacetName, value: string) =>
  toListHref(emptyFilter(), { [facet]: [value] });

function Fact({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="border-line border-t py-4 first:border-t-0 first:pt-0">
      <h2 id={id} className="text-fg-muted mb-2 text-xs font-semibold tracking-wide uppercase">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Chips({
  facet,
  values,
  prefix = '',
}: {
  facet: FacetName;
  values: string[];
  prefix?: string;
}) {
  return (
    <ul className="flex flex-wrap gap-1">
      {values.map((value) => (
        <li key={value}>
          <FilterChip href={listHref(facet, value)} label={`${facet}: ${value}`}>
            {prefix}
            {value}
          </FilterChip>
        </li>
      ))}
    </ul>
  );
}

function cvssTone(score: number): string {
  if (score >= 9) return 'bg-red-600 text-white';
  if (score >= 7) return 'bg-orange-500 text-orange-950';
  if (score >= 4) return 'bg-amber-300 text-amber-950';
  return 'bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100';
}

function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      className="text-accent underline-offset-2 hover:underline"
    >
      {children}
      <span className="sr-only"> (opens in a new tab)</span>
    </a>
  );
}

/** The brief's facts beside its text: what is affected, who, which CVEs, and where to read more. */
export function BriefFacts({ brief }: { brief: BriefDetail }) {
  return (
    <div className="text-sm">
      {(brief.vendors.length > 0 || brief.affected.length > 0) && (
        <Fact id="fact-affected" title="Affected">
          {brief.vendors.length > 0 && (
            <div className="mb-2">
              <p className="text-fg-muted mb-1 text-xs">Vendors</p>
              <Chips facet="vendor" values={brief.vendors} />
            </div>
          )}
          {brief.affected.length > 0 && (
            <div>
              <p className="text-fg-muted mb-1 text-xs">Products</p>
              <ul className="space-y-1">
                {brief.affected.map((product, i) => (
                  <li
                    key={`${product.name}-${i}`}
                    className="flex flex-wrap items-baseline gap-x-1.5"
                  >
                    <FilterChip
                      href={listHref('product', product.name)}
                      label={`product: ${product.name}`}
                    >
                      {product.name}
                    </FilterChip>
                    {product.version && (
                      <span className="text-fg-muted font-mono text-xs">({product.version})</span>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </Fact>
      )}
      {brief.actors.length > 0 && (
        <Fact id="fact-actors" title="Threat actors">
          <Chips facet="actor" values={brief.actors} />
        </Fact>
      )}
      {brief.cves.length > 0 && (
        <Fact id="fact-cves" title="CVEs">
          <ul className="space-y-1.5">
            {brief.cves.map((cve) => (
              <li key={cve.id} className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <FilterChip href={listHref('cve', cve.id)} label={cve.id} className="font-mono">
                  {cve.id}
                </FilterChip>
                {cve.cvss !== null && (
                  <span
                    className={`rounded px-1.5 text-[11px] leading-[18px] font-semibold tabular-nums ${cvssTone(cve.cvss)}`}
                  >
                    CVSS {cve.cvss.toFixed(1)}
                  </span>
                )}
                <span className="text-xs">
                  <ExternalLink
                    href={`https://nvd.nist.gov/vuln/detail/${encodeURIComponent(cve.id)}`}
                  >
                    NVD
                  </ExternalLink>
                </span>
              </li>
            ))}
          </ul>
        </Fact>
      )}
      {brief.pocReferences.length > 0 && (
        <Fact id="fact-poc" title="Proof-of-concept references">
          <ul className="space-y-1 break-all">
            {brief.pocReferences.map((href) => (
              <li key={href}>
                <ExternalLink href={href}>{href}</ExternalLink>
              </li>
            ))}
          </ul>
        </Fact>
      )}
      {brief.tags.length > 0 && (
        <Fact id="fact-tags" title="Tags">
          <Chips facet="tag" values={brief.tags} prefix="#" />
        </Fact>
      )}
    </div>
  );
}
