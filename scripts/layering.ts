import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'

/**
 * The layering rules of the architecture page, checked on every import in the tree.
 * The type checker keeps DOM and Node out of the simulation layer (its tsconfig has neither);
 * this check keeps the folders from reaching into each other.
 */

type Layer = 'kernel' | 'userland' | 'shared' | 'host' | 'web' | 'cli' | 'main' | 'preload' | 'renderer'

interface Rule {
  /** Layers whose files this layer may import by relative path. */
  layers: Layer[]
  /** Whether `node:` built-ins may be imported. */
  node: boolean
  /** Bare package names allowed (exact or as a prefix followed by '/'). */
  packages: string[] | 'any'
}

export const RULES: Record<Layer, Rule> = {
  kernel: { layers: ['kernel', 'shared'], node: false, packages: [] },
  userland: { layers: ['userland', 'kernel', 'shared'], node: false, packages: [] },
  shared: { layers: ['shared'], node: false, packages: ['zod'] },
  host: { layers: ['host', 'kernel', 'userland', 'shared'], node: true, packages: ['zod', 'yaml', 'fflate'] },
  web: { layers: ['web', 'host', 'shared'], node: true, packages: ['ws'] },
  cli: { layers: ['cli', 'host', 'web', 'shared', 'kernel', 'userland'], node: true, packages: ['zod'] },
  main: { layers: ['main', 'host', 'shared'], node: true, packages: ['electron', 'zod', 'electron-store'] },
  preload: { layers: ['preload', 'shared'], node: false, packages: ['electron'] },
  renderer: { layers: ['renderer', 'shared'], node: false, packages: 'any' }
}

/**
 * Shared modules that hold zod schemas. The host validates; the renderer only sends, so it takes
 * the zod-free halves (shared/protocol.ts, shared/settings-defaults.ts) and its bundle stays small.
 */
const SCHEMA_MODULES = ['shared/api.ts', 'shared/settings.ts']

const LAYER_DIRS: Array<[string, Layer]> = [
  ['electron/kernel/', 'kernel'],
  ['electron/userland/', 'userland'],
  ['electron/host/', 'host'],
  ['electron/web/', 'web'],
  ['electron/cli/', 'cli'],
  ['electron/main/', 'main'],
  ['electron/preload/', 'preload'],
  ['shared/', 'shared'],
  ['renderer/', 'renderer']
]

export function layerOf(repoPath: string): Layer | null {
  const p = repoPath.split(sep).join('/')
  for (const [prefix, layer] of LAYER_DIRS) if (p.startsWith(prefix)) return layer
  return null
}

/** Every module specifier in a source text: static and dynamic imports, re-exports, require. */
export function importsOf(source: string): string[] {
  const found: string[] = []
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    // A side-effect import; not a method name ending in `.import` followed by a quote ('progress.import').
    /(?<![.\w$'"])import\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g
  ]
  for (const pattern of patterns) for (const m of source.matchAll(pattern)) found.push(m[1]!)
  return found
}

/**
 * The violations in one file: `file` is its path relative to the repository root, `source` its
 * text. Returns human-readable messages.
 */
export function checkFile(file: string, source: string): string[] {
  const layer = layerOf(file)
  if (!layer) return []
  const rule = RULES[layer]
  const problems: string[] = []
  for (const spec of importsOf(source)) {
    if (spec.startsWith('.')) {
      const target = relative('.', resolve(dirname(file), spec)).split(sep).join('/')
      const targetLayer = layerOf(target + (target.endsWith('/') ? '' : '/')) ?? layerOf(target)
      if (targetLayer === null) {
        problems.push(`${file}: imports ${spec}, outside every layer`)
      } else if (!rule.layers.includes(targetLayer)) {
        problems.push(`${file}: the ${layer} layer may not import the ${targetLayer} layer (${spec})`)
      } else if (layer === 'renderer' && SCHEMA_MODULES.some((m) => target === m || target === m.replace(/\.ts$/, ''))) {
        problems.push(`${file}: the renderer imports ${spec}, which carries zod; import shared/protocol or shared/settings-defaults`)
      }
    } else if (spec.startsWith('node:')) {
      if (!rule.node) problems.push(`${file}: the ${layer} layer may not import Node built-ins (${spec})`)
    } else if (rule.packages !== 'any') {
      const ok = rule.packages.some((p) => spec === p || spec.startsWith(p + '/'))
      if (!ok) problems.push(`${file}: the ${layer} layer may not import the package ${spec}`)
    } else if (layer === 'renderer' && (spec === 'electron' || spec.startsWith('electron/'))) {
      problems.push(`${file}: the renderer may not import electron`)
    } else if (layer === 'renderer' && (spec === 'zod' || spec.startsWith('zod/'))) {
      problems.push(`${file}: the renderer may not import zod (validation is the host's job)`)
    }
  }
  return problems
}

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue
    const full = join(dir, name)
    if (statSync(full).isDirectory()) yield* sourceFiles(full)
    else if (/\.(ts|vue|mts|cts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) yield full
  }
}

/** Checks the whole tree under `root`. */
export function checkTree(root: string): string[] {
  const problems: string[] = []
  for (const top of ['electron', 'shared', 'renderer']) {
    let files: string[]
    try {
      files = [...sourceFiles(join(root, top))]
    } catch {
      continue
    }
    for (const full of files) problems.push(...checkFile(relative(root, full), readFileSync(full, 'utf8')))
  }
  return problems
}
