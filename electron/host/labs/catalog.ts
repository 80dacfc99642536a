import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { PackSummary } from '../../../shared/api'
import type { ValidatedPack } from '../../../shared/labpack'
import type { LabCatalog } from '../lab-catalog'
import { PackError } from './pack-files'
import { loadPackFromPath } from './pack-loader'

/** One loaded pack and where it came from. */
export interface CatalogPack {
  validated: ValidatedPack
  builtIn: boolean
  source: string
}

/**
 * The packs under `dir`: `dir` itself when it holds a pack.yaml, otherwise each sub-folder
 * holding a pack.yaml and each `.pinlab` file, in name order.
 */
export async function discoverPacks(dir: string): Promise<string[]> {
  const st = await stat(dir).catch(() => null)
  if (!st) return []
  if (!st.isDirectory()) return [dir]
  if (await isFile(join(dir, 'pack.yaml'))) return [dir]
  const found: string[] = []
  for (const name of (await readdir(dir)).sort()) {
    const full = join(dir, name)
    if (name.endsWith('.pinlab') && (await isFile(full))) found.push(full)
    else if (await isFile(join(full, 'pack.yaml'))) found.push(full)
  }
  return found
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false
}

/**
 * The lab catalog of the host: the built-in curriculum (the repository's labs/ folder) and the
 * packs installed in the profile's packs folder. Loaded once and kept (`reload` re-reads). A pack
 * that does not load is left out and its problems are kept in `problems`; an installed pack with
 * the id of a built-in one is left out, so an import can never shadow the curriculum.
 */
export class FolderLabCatalog implements LabCatalog {
  private _packs: Map<string, CatalogPack> | null = null
  private _loading: Promise<Map<string, CatalogPack>> | null = null
  problems: string[] = []

  constructor(private readonly _options: { builtIn: readonly string[]; installed?: string }) {}

  async list(): Promise<PackSummary[]> {
    const packs = await this._load()
    return [...packs.values()].map(({ validated, builtIn }) => ({
      id: validated.pack.manifest.id,
      title: validated.pack.manifest.title,
      version: validated.pack.manifest.version,
      builtIn,
      labs: validated.pack.labs.map((l) => ({ id: l.id, title: l.title, kernel: l.kernel }))
    }))
  }

  async pack(id: string): Promise<CatalogPack | null> {
    return (await this._load()).get(id) ?? null
  }

  /** Forgets the loaded packs; the next call reads the folders again. */
  reload(): void {
    this._packs = null
    this._loading = null
  }

  private _load(): Promise<Map<string, CatalogPack>> {
    if (this._packs) return Promise.resolve(this._packs)
    this._loading ??= (async () => {
      const packs = new Map<string, CatalogPack>()
      const problems: string[] = []
      const add = async (source: string, builtIn: boolean) => {
        try {
          const validated = await loadPackFromPath(source)
          const id = validated.pack.manifest.id
          if (packs.has(id)) {
            problems.push(`${source}: a pack with the id "${id}" is already loaded from ${packs.get(id)!.source}; this one is left out.`)
            return
          }
          packs.set(id, { validated, builtIn, source })
        } catch (error) {
          if (!(error instanceof PackError)) throw error
          problems.push(`${source}: ${error.problems.join(' ')}`)
        }
      }
      for (const dir of this._options.builtIn) for (const source of await discoverPacks(dir)) await add(source, true)
      if (this._options.installed) for (const source of await discoverPacks(this._options.installed)) await add(source, false)
      this.problems = problems
      this._packs = packs
      return packs
    })()
    return this._loading
  }
}
