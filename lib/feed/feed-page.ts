import 'server-only';
import { z } from 'zod';

// A page of the upstream JSON Feed: only the envelope is checked here; items are validated one
// by one in lib/briefs/normalize.ts so one bad item never costs the page.
const feedPageSchema = z.object({
  items: z.array(z.unknown()),
  next_url: z.string().trim().min(1).optional().catch(undefined),
});

export type FeedPage = z.infer<typeof feedPageSchema>;

export function parseFeedPage(body: unknown): FeedPage | null {
  const parsed = feedPageSchema.safeParse(body);
  return parsed.success ? parsed.data : null;
}
