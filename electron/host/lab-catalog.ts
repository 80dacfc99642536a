import type { PackSummary } from '../../shared/api'

/**
 * Where the host finds lab packs. The built-in curriculum and imported packs plug in here; the
 * pack format and its loader arrive with the lab-pack work.
 */
export interface LabCatalog {
  list(): Promise<PackSummary[]>
}

/** A fixed list of packs (tests, and the empty catalog before any pack is installed). */
export class StaticLabCatalog implements LabCatalog {
  constructor(private readonly _packs: PackSummary[] = []) {}
  async list(): Promise<PackSummary[]> {
    return this._packs.map((p) => ({ ...p, labs: p.labs.map((l) => ({ ...l })) }))
  }
}
