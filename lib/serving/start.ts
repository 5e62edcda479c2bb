import 'server-only';
import { ConfigError, getConfig } from '@/lib/config';
import { getServedFeed } from './served-feed';
import { moduleLog } from '@/lib/ops/log';
import { startOps } from '@/lib/ops/start';

export async function startFeed(): Promise<void> {
  try {
    startOps(getConfig());
  } catch (err) {
    if (err instanceof ConfigError) {
      moduleLog('config').fatal(err.message);
      process.exit(1);
    }
    throw err;
  }
  await getServedFeed();
}
