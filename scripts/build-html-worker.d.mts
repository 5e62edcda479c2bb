/** Where the server looks for the worker, relative to the build's directory (`.next`). */
export const HTML_WORKER_FILE: string;
/** Writes the worker into `distDir` (the production build's directory); returns its path. */
export function buildHtmlWorker(distDir?: string): Promise<string>;
