// Whitespace and length rules shared by the fields (main thread) and the body (HTML worker).

export function collapseSpace(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** Cuts at a code-point boundary so a surrogate pair is never split. */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  const end = /[\uD800-\uDBFF]/.test(value.charAt(max - 1)) ? max - 1 : max;
  return value.slice(0, end).trimEnd();
}
