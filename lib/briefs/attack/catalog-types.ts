// Compact form of MITRE's Enterprise ATT&CK catalog, reduced at ingest (and the shape of
// data/attack-catalog.json, the bundled fallback).

export interface Tactic {
  id: string; // TA0001
  shortname: string; // initial-access
  name: string; // Initial Access
}

export interface CatalogTechnique {
  id: string; // T1059 or T1059.001
  name: string;
  tactics: string[]; // tactic shortnames
  parent: string | null; // T1059 for T1059.001
}

export interface CompactCatalog {
  source: string; // 'bundled' or the URL it was reduced from
  attackVersion: string | null;
  tactics: Tactic[]; // matrix order
  techniques: CatalogTechnique[];
}
