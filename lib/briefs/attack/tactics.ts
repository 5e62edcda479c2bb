import { TACTIC_ID } from '@/lib/briefs/identifiers';
import type { Tactic } from './catalog-types';

// Tactic names: no dependencies, so client components can import them without
// pulling the catalog, its JSON or zod into the browser bundle.

/** The 14 Enterprise tactics in matrix order; used when a catalog does not list its own. */
export const ENTERPRISE_TACTICS: readonly Tactic[] = [
  { id: 'TA0043', shortname: 'reconnaissance', name: 'Reconnaissance' },
  { id: 'TA0042', shortname: 'resource-development', name: 'Resource Development' },
  { id: 'TA0001', shortname: 'initial-access', name: 'Initial Access' },
  { id: 'TA0002', shortname: 'execution', name: 'Execution' },
  { id: 'TA0003', shortname: 'persistence', name: 'Persistence' },
  { id: 'TA0004', shortname: 'privilege-escalation', name: 'Privilege Escalation' },
  { id: 'TA0005', shortname: 'defense-evasion', name: 'Defense Evasion' },
  { id: 'TA0006', shortname: 'credential-access', name: 'Credential Access' },
  { id: 'TA0007', shortname: 'discovery', name: 'Discovery' },
  { id: 'TA0008', shortname: 'lateral-movement', name: 'Lateral Movement' },
  { id: 'TA0009', shortname: 'collection', name: 'Collection' },
  { id: 'TA0011', shortname: 'command-and-control', name: 'Command and Control' },
  { id: 'TA0010', shortname: 'exfiltration', name: 'Exfiltration' },
  { id: 'TA0040', shortname: 'impact', name: 'Impact' },
];

/** `Defense Evasion`, `defense_evasion`, `attack.defense-evasion`, `Command & Control` -> a shortname-like key. */
function tacticKey(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/^(?:mitre-)?attack\./, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Every accepted spelling (TA id, shortname, key of the display name) -> tactic; built once per list. */
export function tacticIndex(tactics: readonly Tactic[]): Map<string, Tactic> {
  const index = new Map<string, Tactic>();
  for (const t of tactics) {
    for (const key of [t.id.toUpperCase(), tacticKey(t.shortname), tacticKey(t.name)]) {
      if (!index.has(key)) index.set(key, t);
    }
  }
  return index;
}

export function findTactic(index: Map<string, Tactic>, value: string): Tactic | undefined {
  const upper = value.trim().toUpperCase();
  return TACTIC_ID.test(upper) ? index.get(upper) : index.get(tacticKey(value));
}

const enterpriseIndex = tacticIndex(ENTERPRISE_TACTICS);

/** Resolves a tactic given as shortname, snake-case tag, display name or TA id (any case). */
export function resolveTactic(value: string): Tactic | undefined {
  return findTactic(enterpriseIndex, value);
}
