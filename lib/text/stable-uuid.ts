import { v5 as uuidv5 } from 'uuid';

// UUIDv5 of a name that cannot throw: uuid encodes a string name with encodeURIComponent, which
// throws URIError on a lone surrogate; TextEncoder writes it as U+FFFD instead.

const encoder = new TextEncoder();

/** The UUIDv5 of `name` (as UTF-8) in `namespace`. */
export function stableUuid(name: string, namespace: string): string {
  return uuidv5(encoder.encode(name), namespace);
}
