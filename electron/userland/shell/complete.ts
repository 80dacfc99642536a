/**
 * Tab completion, bash style: the first word of a command completes to builtins, keywords and
 * the executables in $PATH (or to paths when it contains a `/`); other words complete to paths.
 * The common prefix of the candidates is inserted; when several remain, the caller lists them on
 * the second Tab (see InteractiveShell).
 *
 * Pure over an injected file-system view, so it is testable without a machine.
 */
import { byteOrder, resolve } from './glob'

export interface CompletionFs {
  /** Entry names, or null when the directory cannot be read. */
  readdir(path: string): Promise<string[] | null>
  /** null when the path does not exist. */
  stat(path: string): Promise<{ dir: boolean; executable: boolean } | null>
}

export interface CompletionEnv {
  cwd: string
  /** $PATH */
  path: string
  /** $HOME, for `~/` */
  home: string
  /** Builtin names (and keywords) offered for the first word. */
  commands: readonly string[]
}

export interface Completion {
  /** Text to insert at the cursor (may be empty). */
  insert: string
  /** All candidates, as bash lists them (directories with a trailing `/`), sorted. */
  candidates: string[]
}

const SEPARATORS = new Set([';', '|', '&', '(', ')', '<', '>'])
const KEYWORDS = ['if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'in']

/** Finds the word being completed: its start index and its unquoted text. */
export function currentWord(line: string, cursor: number): { start: number; text: string; command: boolean } {
  const before = line.slice(0, cursor)
  let start = 0
  let quote: string | null = null
  for (let i = 0; i < before.length; i++) {
    const c = before[i]!
    if (quote !== null) {
      if (c === quote) quote = null
      continue
    }
    if (c === '\\') {
      i++
      continue
    }
    if (c === '"' || c === "'") quote = c
    else if (c === ' ' || c === '\t' || SEPARATORS.has(c)) start = i + 1
  }
  const raw = before.slice(start)
  const text = raw.replace(/\\(.)/g, '$1').replace(/["']/g, '')
  const prev = before.slice(0, start).trimEnd()
  const command = prev === '' || /(?:[;|&(]|\bthen|\bdo|\belse|\bif|\bwhile|\buntil)$/.test(prev)
  return { start, text, command }
}

function commonPrefix(items: readonly string[]): string {
  if (items.length === 0) return ''
  let p = items[0]!
  for (const s of items) {
    while (!s.startsWith(p)) p = p.slice(0, -1)
  }
  return p
}

/** Escapes characters the shell would split or interpret. */
export function escapeForShell(text: string): string {
  return text.replace(/([ \t\\'"$`&|;<>()*?[\]!#{}])/g, '\\$1')
}

export async function complete(line: string, cursor: number, env: CompletionEnv, fs: CompletionFs): Promise<Completion> {
  const word = currentWord(line, cursor)
  if (word.command && !word.text.includes('/')) return completeCommand(word.text, env, fs)
  // As with Debian's bash-completion, `cd` and `rmdir` offer directories only.
  const first = line.slice(0, word.start).trim().split(/\s+/)
  const dirsOnly = first.length === 1 && (first[0] === 'cd' || first[0] === 'rmdir' || first[0] === 'pushd')
  return completePath(word.text, env, fs, word.command ? 'executables' : dirsOnly ? 'directories' : 'all')
}

async function completeCommand(prefix: string, env: CompletionEnv, fs: CompletionFs): Promise<Completion> {
  const names = new Set<string>()
  for (const n of [...env.commands, ...KEYWORDS]) if (n.startsWith(prefix)) names.add(n)
  for (const dir of env.path.split(':')) {
    if (dir === '') continue
    const abs = resolve(env.cwd, dir)
    const entries = await fs.readdir(abs)
    if (entries === null) continue
    for (const e of entries) {
      if (!e.startsWith(prefix) || names.has(e)) continue
      const st = await fs.stat(abs + '/' + e)
      if (st !== null && !st.dir && st.executable) names.add(e)
    }
  }
  const candidates = [...names].sort(byteOrder)
  if (candidates.length === 0) return { insert: '', candidates }
  if (candidates.length === 1) return { insert: escapeForShell(candidates[0]!.slice(prefix.length)) + ' ', candidates }
  return { insert: escapeForShell(commonPrefix(candidates).slice(prefix.length)), candidates }
}

async function completePath(text: string, env: CompletionEnv, fs: CompletionFs, only: 'all' | 'executables' | 'directories'): Promise<Completion> {
  const slash = text.lastIndexOf('/')
  const dirPart = slash < 0 ? '' : text.slice(0, slash + 1)
  const prefix = text.slice(slash + 1)
  let dirAbs: string
  if (dirPart.startsWith('~/') || dirPart === '~/') dirAbs = resolve(env.cwd, env.home + dirPart.slice(1))
  else dirAbs = resolve(env.cwd, dirPart === '' ? '.' : dirPart)
  const entries = await fs.readdir(dirAbs)
  if (entries === null) return { insert: '', candidates: [] }
  const matches: Array<{ name: string; dir: boolean }> = []
  for (const e of entries.slice().sort(byteOrder)) {
    if (!e.startsWith(prefix)) continue
    if (e.startsWith('.') && !prefix.startsWith('.')) continue
    const st = await fs.stat(dirAbs.replace(/\/$/, '') + '/' + e)
    if (st === null) continue
    if (only === 'executables' && !st.dir && !st.executable) continue
    if (only === 'directories' && !st.dir) continue
    matches.push({ name: e, dir: st.dir })
  }
  const candidates = matches.map((m) => m.name + (m.dir ? '/' : ''))
  if (matches.length === 0) return { insert: '', candidates }
  if (matches.length === 1) {
    const m = matches[0]!
    return { insert: escapeForShell(m.name.slice(prefix.length)) + (m.dir ? '/' : ' '), candidates }
  }
  return { insert: escapeForShell(commonPrefix(matches.map((m) => m.name)).slice(prefix.length)), candidates }
}

/** bash's listing of candidates: columns across the terminal width, sorted down the columns. */
export function formatCandidates(candidates: readonly string[], width: number): string {
  if (candidates.length === 0) return ''
  const colWidth = Math.max(...candidates.map((c) => c.length)) + 2
  const cols = Math.max(1, Math.floor((width + 2) / colWidth))
  const rows = Math.ceil(candidates.length / cols)
  let out = ''
  for (let r = 0; r < rows; r++) {
    let line = ''
    for (let c = 0; c < cols; c++) {
      const item = candidates[c * rows + r]
      if (item === undefined) continue
      const last = candidates[(c + 1) * rows + r] === undefined
      line += last ? item : item.padEnd(colWidth)
    }
    out += line + '\n'
  }
  return out
}
