import {
  defang,
  groupIndicators,
  indicatorTypeLabel,
  INDICATOR_LIMITS,
  referenceHref,
} from '@/lib/briefs/indicators';
import type { BriefDetail } from '@/lib/briefs/types';
import { IndicatorCopyButton } from './indicator-copy-button';

// The STIX report's indicators and references. Every value is untrusted text: rendered by React
// as text (escaped), defanged so nothing resolves or opens by accident; only http(s) references
// become links, and those leave without a referrer or any endorsement.

type Props = Pick<BriefDetail, 'indicators' | 'indicatorsOmitted' | 'references'>;

// The defaults cover a brief adopted from an older instance's shared snapshot (no such fields).
export function BriefIndicators({ indicators = [], indicatorsOmitted = 0 }: Props) {
  if (indicators.length === 0 && indicatorsOmitted === 0) return null;
  const groups = [...groupIndicators(indicators)];
  return (
    <section aria-labelledby="section-indicators" className="mt-8" data-testid="indicators">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 id="section-indicators" className="text-lg font-semibold tracking-tight">
          Indicators <span className="text-fg-muted font-normal">({indicators.length})</span>
        </h2>
        {indicators.length > 0 && (
          <IndicatorCopyButton
            label="Copy all"
            values={indicators.map((i) => i.value)}
            testId="copy-indicators-all"
          />
        )}
      </div>
      <p className="text-fg-muted mb-3 text-sm">
        Shown defanged (<code>hxxp://</code>, <code>[.]</code>); the copy buttons give the raw
        values, one per line.
      </p>
      {indicatorsOmitted > 0 && (
        <p className="mb-3 text-sm" data-testid="indicators-omitted">
          {indicatorsOmitted.toLocaleString('en-US')} more{' '}
          {indicatorsOmitted === 1 ? 'indicator is' : 'indicators are'} not shown: a brief keeps at
          most {INDICATOR_LIMITS.perBrief.toLocaleString('en-US')}, each at most{' '}
          {INDICATOR_LIMITS.valueChars.toLocaleString('en-US')} characters on one line, from
          single-comparison patterns.
        </p>
      )}
      {groups.map(([type, values]) => (
        <section
          key={type}
          aria-labelledby={`indicators-${type}`}
          className="border-line mt-4 rounded-lg border p-3"
          data-testid={`indicators-${type}`}
        >
          <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
            <h3 id={`indicators-${type}`} className="text-sm font-semibold">
              {indicatorTypeLabel(type)}{' '}
              <span className="text-fg-muted font-normal" data-testid="indicator-count">
                ({values.length})
              </span>
            </h3>
            <IndicatorCopyButton label="Copy" values={values} testId={`copy-indicators-${type}`} />
          </div>
          <ul className="max-h-96 space-y-1 overflow-y-auto text-sm">
            {values.map((value, i) => (
              <li key={i} className="min-w-0">
                <code className="font-mono text-[13px] break-all">{defang(type, value)}</code>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}

export function BriefReferences({ references = [] }: Pick<Props, 'references'>) {
  if (references.length === 0) return null;
  return (
    <section aria-labelledby="section-references" className="mt-8" data-testid="references">
      <h2 id="section-references" className="mb-3 text-lg font-semibold tracking-tight">
        Report references
      </h2>
      <ul className="list-disc space-y-1 pl-5 text-sm">
        {references.map((reference, i) => {
          const href = referenceHref(reference);
          return (
            <li key={i} className="break-all">
              {href ? (
                <a
                  href={href}
                  target="_blank"
                  rel="noopener noreferrer nofollow"
                  className="text-accent underline-offset-2 hover:underline"
                >
                  {reference}
                  <span className="sr-only"> (opens in a new tab)</span>
                </a>
              ) : (
                <span>{reference}</span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The STIX report's confidence (0-100), shown beside the ATT&CK techniques. */
export function ReportConfidence({ confidence }: { confidence: number | null }) {
  if (confidence === null || confidence === undefined) return null;
  return (
    <p className="text-fg-muted mb-3 text-sm" data-testid="report-confidence">
      Report confidence: <strong className="text-fg">{confidence}</strong> / 100
    </p>
  );
}
