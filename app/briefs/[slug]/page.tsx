import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { AttackTechniques } from '@/components/briefs/attack-techniques';
import { BriefFacts } from '@/components/briefs/brief-facts';
import { BriefChangesSection } from '@/components/briefs/brief-changes';
import { BriefHeader } from '@/components/briefs/brief-header';
import {
  BriefIndicators,
  BriefReferences,
  ReportConfidence,
} from '@/components/briefs/brief-indicators';
import { BriefSections } from '@/components/briefs/brief-sections';
import { FeedStatusBanner } from '@/components/status/feed-status-banner';
import { toBriefDetail } from '@/lib/api/brief-detail';
import { briefSlugParam } from '@/lib/api/slug-param';
import { toBriefUrl } from '@/lib/briefs/select';
import { OG_IMAGE } from '@/components/ui/site-meta';
import { toBriefForMarkdown } from '@/lib/workflow/markdown';
import { BriefWorkflowControls } from '@/components/workflow/brief-copy-buttons';
import { getServedFeed } from '@/lib/serving/served-feed';
import { CveSignalsTable } from '@/components/signals/cve-signals-table';
import { cvesWithSignals } from '@/lib/signals/brief-signals';
import { getCveSignals } from '@/lib/signals/signal-store';
import { hasSignals } from '@/lib/signals/types';

type Params = Promise<{ slug: string }>;

/** One lookup per request, shared by generateMetadata and the page. */
const getBrief = cache(async (raw: string) => {
  const slug = briefSlugParam(raw);
  if (slug === null) return null;
  const store = await getServedFeed();
  const brief = store.getBrief(slug);
  return brief ? { store, brief: toBriefDetail(brief) } : null;
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const found = await getBrief((await params).slug);
  if (!found) return { title: 'Brief not found' };
  const { brief, store } = found;
  const description = brief.summary || undefined;
  // An absolute address only from configuration: a request's Host is the client's to choose.
  const { publicOrigin } = store.config;
  const url = publicOrigin ? toBriefUrl(publicOrigin, brief.slug) : undefined;
  return {
    title: brief.title,
    description,
    ...(publicOrigin && { metadataBase: new URL(publicOrigin), alternates: { canonical: url } }),
    openGraph: {
      type: 'article',
      url,
      title: brief.title,
      description,
      publishedTime: brief.date,
      modifiedTime: brief.changed?.updated ?? brief.modified ?? undefined,
      tags: brief.tags,
      images: publicOrigin ? [OG_IMAGE] : undefined,
    },
    twitter: { card: 'summary', title: brief.title, description },
  };
}

export default async function BriefPage({ params }: { params: Params }) {
  const found = await getBrief((await params).slug);
  if (!found) notFound();
  const { brief, store } = found;
  // KEV and EPSS joined at render time (lib/signals/); none while both upstreams are off.
  const signals = getCveSignals();
  const cveSignals = !hasSignals(signals)
    ? []
    : cvesWithSignals(
        brief.cves.map((cve) => cve.id),
        signals,
      ).map((cve, i) => ({ ...cve, cvss: brief.cves[i]!.cvss }));

  return (
    <>
      <FeedStatusBanner status={store.getStatus()} />
      <nav aria-label="Breadcrumb" className="mt-4 text-sm">
        <Link href="/" className="text-fg-muted hover:text-accent">
          <span aria-hidden="true">← </span>All briefs
        </Link>
      </nav>
      <article className="mt-3">
        <BriefHeader brief={brief} />
        <BriefWorkflowControls brief={toBriefForMarkdown(brief, signals)} />
        {brief.changes && <BriefChangesSection changes={brief.changes} />}
        <div className="mt-6 grid gap-8 lg:grid-cols-[minmax(0,1fr)_19rem] xl:gap-12">
          <div className="max-w-3xl min-w-0">
            <BriefSections
              brief={brief}
              afterCore={
                <>
                  {(brief.techniques.length > 0 || brief.confidence != null) && (
                    <section aria-labelledby="section-attack" className="mt-8">
                      <h2 id="section-attack" className="mb-3 text-lg font-semibold tracking-tight">
                        MITRE ATT&amp;CK
                      </h2>
                      <ReportConfidence confidence={brief.confidence} />
                      {brief.techniques.length > 0 && (
                        <AttackTechniques techniques={brief.techniques} />
                      )}
                    </section>
                  )}
                  <BriefIndicators {...brief} />
                  <BriefReferences references={brief.references} />
                </>
              }
            />
            <CveSignalsTable cves={cveSignals} />
          </div>
          <aside aria-label="Brief details" className="lg:border-line lg:border-l lg:pl-6">
            <BriefFacts brief={brief} />
          </aside>
        </div>
      </article>
    </>
  );
}
