'use client';

import { useCallback, useSyncExternalStore } from 'react';
import type { z } from 'zod';
import { STORAGE_PREFIX } from '@/lib/workflow/storage-keys';

// The browser side of the workflow state: localStorage, read through a zod schema (whatever is
// stored is untrusted: another tab, an extension or a hand edit may have written it), cached per
// key so useSyncExternalStore sees stable values, and shared between tabs by the storage event.

const listeners = new Set<() => void>();
const cache = new Map<string, { raw: string | null; value: unknown }>();

function notify() {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === null || event.key.startsWith(STORAGE_PREFIX)) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

function readRaw(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null; // storage disabled
  }
}

export function readStored<T>(key: string, schema: z.ZodType<T>, fallback: T): T {
  const raw = readRaw(key);
  const hit = cache.get(key);
  if (hit && hit.raw === raw) return hit.value as T;
  let value: T = fallback;
  if (raw !== null) {
    try {
      const parsed = schema.safeParse(JSON.parse(raw));
      if (parsed.success) value = parsed.data;
    } catch {
      // not JSON: treated as absent
    }
  }
  cache.set(key, { raw, value });
  return value;
}

export function writeStored(key: string, value: unknown): boolean {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
    notify();
    return true;
  } catch {
    return false; // quota or storage disabled
  }
}

/** Removes everything the dashboard keeps in this browser. */
export function clearStoredData(): number {
  let removed = 0;
  try {
    const keys = Object.keys(window.localStorage).filter((k) => k.startsWith(STORAGE_PREFIX));
    for (const key of keys) window.localStorage.removeItem(key);
    removed = keys.length;
  } catch {
    // storage disabled: nothing kept
  }
  cache.clear();
  notify();
  return removed;
}

/** A stored value and its setter; the server snapshot is the fallback (nothing is known there). */
export function useStored<T>(
  key: string,
  schema: z.ZodType<T>,
  fallback: T,
): [T, (update: (current: T) => T) => void] {
  const value = useSyncExternalStore(
    subscribe,
    () => readStored(key, schema, fallback),
    () => fallback,
  );
  const update = useCallback(
    (fn: (current: T) => T) => {
      writeStored(key, fn(readStored(key, schema, fallback)));
    },
    [key, schema, fallback],
  );
  return [value, update];
}
