import 'server-only';
import pino, { type Logger } from 'pino';
import { logLevelFrom } from '@/lib/config';
import { redactUrlsIn } from '@/lib/feed/redact';

// The server's log: one JSON object per line on stdout (pino's default destination, written
// synchronously: no worker-thread transport, nothing lost at exit). Level from LOG_LEVEL. Every
// string that goes in, message or field, has its URLs redacted (credentials, query strings), as
// /api/status does; request bodies are never logged. One logger per process, on globalThis, as
// Next.js may load this module in several module graphs.

const KEY = Symbol.for('threat-brief-dashboard.log');
type GlobalWithLog = typeof globalThis & { [KEY]?: Logger };

function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields))
    out[key] = typeof value === 'string' ? redactUrlsIn(value) : value;
  return out;
}

function makeLogger(): Logger {
  return pino({
    level: logLevelFrom(process.env),
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: redactFields,
    },
    hooks: {
      logMethod(args, method) {
        const redacted = args.map((a) => (typeof a === 'string' ? redactUrlsIn(a) : a));
        return method.apply(this, redacted as Parameters<typeof method>);
      },
    },
  });
}

/** The process's logger; `log().child({ module })` names where a line comes from. */
export function log(): Logger {
  const g = globalThis as GlobalWithLog;
  g[KEY] ??= makeLogger();
  return g[KEY];
}

/** A logger whose lines say which part of the server wrote them. */
export function moduleLog(module: string): Logger {
  return log().child({ module });
}
