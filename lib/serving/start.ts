import { ConfigError, getConfig } from '@/lib/config';
import { getFeedStore } from './served-feed';

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
  await getFeedStore();
}
