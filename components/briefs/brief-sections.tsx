import type { ReactNode } from 'react';
import type { BriefDetail } from '@/lib/briefs/types';
import { renderableHtml } from '@/lib/html/safe-html';
import { RecommendationCheckbox } from '@/components/workflow/recommendation-checkbox';

// Every `html` string below was sanitised on the server at ingest (rehype-sanitize with a strict
// allow-list, lib/html/sanitize.ts), and is checked against that allow-list again as it is
// rendered (lib/html/safe-html.ts; HTML that fails is sanitised again): that, and only that,
// is why dangerouslySetInnerHTML is safe, whatever the data came from (disk, Redis).

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="mt-8 first:mt-0">
      <h2 id={id} className="mb-3 text-lg font-semibold tracking-tight">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Html({ html, className = '' }: { html: string; className?: string }) {
  return (
    <div
      className={`prose-brief ${className}`}
      dangerouslySetInnerHTML={{ __html: renderableHtml(html) }}
    />
  );
}

/** `afterCore` goes after the four core sections and before the brief's other sections. */
export function BriefSections({ brief, afterCore }: { brief: BriefDetail; afterCore?: ReactNode }) {
  const { overview, attackChain, impact, recommendations, other } = brief.sections;
  const hasSections = Boolean(
    overview || impact || attackChain.length || recommendations.length || other.length,
  );

  if (!hasSections) {
    return (
      <>
        {brief.contentHtml ? (
          <Html html={brief.contentHtml} />
        ) : (
          <p className="text-fg-muted">This brief has no body text.</p>
        )}
        {afterCore}
      </>
    );
  }
  return (
    <>
      {overview && (
        <Section id="section-overview" title="Overview">
          <Html html={overview} />
        </Section>
      )}
      {attackChain.length > 0 && (
        <Section id="section-attack-chain" title="Attack chain">
          <ol className="relative" data-testid="attack-chain">
            {attackChain.map((step, i) => (
              <li key={i} className="relative flex gap-3 pb-4 last:pb-0">
                {i < attackChain.length - 1 && (
                  <span
                    aria-hidden="true"
                    className="bg-line-strong absolute top-[1.625rem] bottom-0 left-[0.75rem] w-0.5"
                  />
                )}
                <span
                  aria-hidden="true"
                  className="border-accent bg-accent-soft text-accent relative z-10 flex size-[1.625rem] shrink-0 items-center justify-center rounded-full border text-xs font-semibold tabular-nums"
                >
                  {i + 1}
                </span>
                <Html html={step.html} className="min-w-0 flex-1 pt-0.5" />
              </li>
            ))}
          </ol>
        </Section>
      )}
      {impact && (
        <Section id="section-impact" title="Impact">
          <Html html={impact} />
        </Section>
      )}
      {recommendations.length > 0 && (
        <Section id="section-recommendations" title="Recommendations">
          <ul
            className="divide-line border-line divide-y rounded-lg border"
            data-testid="recommendations"
          >
            {recommendations.map((item, i) => (
              <li key={i} className="has-checked:bg-surface-muted flex gap-3 px-3 py-2.5">
                {/* Ticks are kept in this browser only, per brief. */}
                <RecommendationCheckbox
                  slug={brief.slug}
                  index={i}
                  labelledBy={`recommendation-${i}`}
                />
                <div
                  id={`recommendation-${i}`}
                  className="peer-checked:text-fg-muted min-w-0 flex-1 peer-checked:line-through"
                >
                  <Html html={item.html} />
                </div>
              </li>
            ))}
          </ul>
        </Section>
      )}
      {afterCore}
      {other.map((section, i) => (
        <Section key={`${section.id}-${i}`} id={`section-other-${i}`} title={section.heading}>
          <Html html={section.html} />
        </Section>
      ))}
    </>
  );
}
