import 'server-only';
import { ConfigError, getConfig } from '@/lib/config';
import { getServedFeed } from './served-feed';

export async function startFeed(): Promise<void> {
  try {
    getConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  await getServedFeed();
}
