// Deterministic number formatting (English) so the server and the browser render the same text.

const NUMBER = new Intl.NumberFormat('en-US');

/** `12,345` */
export function formatNumber(n: number): string {
  return NUMBER.format(n);
}
