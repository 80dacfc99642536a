import type { PackSummary } from '../../shared/api'
import type { ValidatedPack } from '../../shared/labpack'

/**
 * Where the host finds lab packs. The built-in curriculum and imported packs plug in here:
 * electron/host/labs/catalog.ts (FolderLabCatalog) reads them from folders and .pinlab files.
 */
export interface LabCatalog {
  list(): Promise<PackSummary[]>
  /** The loaded pack with this id, or null (catalogs without pack contents leave it out). */
  pack?(id: string): Promise<{ validated: ValidatedPack; builtIn: boolean; source: string } | null>
}

/** A fixed list of packs (tests, and the empty catalog before any pack is installed). */
export class StaticLabCatalog implements LabCatalog {
  constructor(private readonly _packs: PackSummary[] = []) {}
  async list(): Promise<PackSummary[]> {
    return this._packs.map((p) => ({ ...p, labs: p.labs.map((l) => ({ ...l })) }))
  }
}
