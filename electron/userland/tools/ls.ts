/**
 * ls [-laA1hdrtSFn] [FILE…] (GNU coreutils) in the C.UTF-8 locale: byte-order sorting, one name
 * per line when standard output is not a terminal and columns (COLUMNS, default 80) when it is;
 * -l with `total`, mode string, aligned link count, owner, group, size (or `major, minor`),
 * `Mon dd HH:MM` (or `Mon dd  YYYY` when older than six months or in the future) and
 * `-> target` for symlinks; -C forces columns. Exit status 2 for a missing operand, as GNU.
 */
import { S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFSOCK, isErr, type NativeProgram, type ProcessContext, type Stat } from '../shell/os'
import { byteOrder } from '../shell/glob'
import { Output, complain, parseArgs, quoteAlways, strerror, usageError } from './lib'

interface Entry {
  name: string
  path: string
  st: Stat
  target?: string
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

export function modeString(mode: number): string {
  const type = mode & S_IFMT
  const t = type === S_IFDIR ? 'd' : type === S_IFLNK ? 'l' : type === S_IFCHR ? 'c' : type === S_IFBLK ? 'b' : type === S_IFIFO ? 'p' : type === S_IFSOCK ? 's' : '-'
  const rwx = (bits: number, special: boolean, ch: string): string =>
    (bits & 4 ? 'r' : '-') + (bits & 2 ? 'w' : '-') + (special ? (bits & 1 ? ch : ch.toUpperCase()) : bits & 1 ? 'x' : '-')
  return t + rwx((mode >> 6) & 7, (mode & 0o4000) !== 0, 's') + rwx((mode >> 3) & 7, (mode & 0o2000) !== 0, 's') + rwx(mode & 7, (mode & 0o1000) !== 0, 't')
}

/** GNU's -h: powers of 1024, one decimal below 10, rounded up. */
export function humanSize(n: number): string {
  if (n < 1024) return String(n)
  const units = ['K', 'M', 'G', 'T', 'P', 'E']
  let v = n
  let u = -1
  do {
    v /= 1024
    u++
  } while (v >= 1024 && u < units.length - 1)
  if (v < 10) {
    const r = Math.ceil(v * 10) / 10
    if (r < 10) return r.toFixed(1) + units[u]
    v = r
  }
  const r = Math.ceil(v)
  if (r >= 1024 && u < units.length - 1) return '1.0' + units[u + 1]
  return r + units[u]!
}

function dateString(ms: number, now: number): string {
  const d = new Date(ms)
  const sixMonths = (365.2425 * 24 * 3600 * 1000) / 2
  const recent = ms <= now && now - ms < sixMonths
  const day = String(d.getUTCDate()).padStart(2)
  const tail = recent ? `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}` : ` ${d.getUTCFullYear()}`
  return `${MONTHS[d.getUTCMonth()]} ${day} ${tail}`
}

/** Shell-quotes a name the way GNU ls does on a terminal (`'a b'`). */
function ttyName(name: string): string {
  if (/^[A-Za-z0-9_./:@%+,=-]+$/.test(name) || name === '') return name
  if (!name.includes("'")) return `'${name}'`
  return `"${name}"`
}

export const ls: NativeProgram = async (ctx) => {
  const args = parseArgs(ctx.argv, {
    withValue: '',
    flags: 'laA1hdrtSFnC',
    long: { all: 'a', 'almost-all': 'A', 'human-readable': 'h', directory: 'd', reverse: 'r', classify: 'F', 'numeric-uid-gid': 'n' }
  })
  if (args.error !== undefined) return usageError(ctx, 'ls', args.error, 2)
  const f = args.flags
  const long = f.has('l') || f.has('n')
  const tty = ctx.isatty(1)
  const one = f.has('1') || (!tty && !f.has('C'))
  const out = new Output(ctx)
  const operands = args.operands.length === 0 ? ['.'] : args.operands
  let status = 0
  const files: Entry[] = []
  const dirs: Entry[] = []
  for (const name of operands) {
    const lst = await ctx.lstat(name)
    if (isErr(lst)) {
      await complain(ctx, 'ls', `cannot access ${quoteAlways(name)}: ${strerror(lst)}`)
      status = 2
      continue
    }
    let st = lst
    if ((lst.mode & S_IFMT) === S_IFLNK && !long) {
      const followed = await ctx.stat(name)
      if (!isErr(followed)) st = followed
    }
    const e: Entry = { name, path: name, st }
    if ((st.mode & S_IFMT) === S_IFLNK) e.target = await readTarget(ctx, name)
    if ((st.mode & S_IFMT) === S_IFDIR && !f.has('d')) dirs.push(e)
    else files.push(e)
  }
  const sortEntries = (list: Entry[]): Entry[] => {
    const sorted = list.slice().sort((a, b) => byteOrder(a.name, b.name))
    if (f.has('t')) sorted.sort((a, b) => b.st.mtimeMs - a.st.mtimeMs)
    if (f.has('S')) sorted.sort((a, b) => b.st.size - a.st.size)
    if (f.has('r')) sorted.reverse()
    return sorted
  }
  const now = ctx.now()
  const show = async (list: Entry[], withTotal: boolean): Promise<void> => {
    if (long) await out.write(formatLong(ctx, list, withTotal, f.has('h'), f.has('n'), f.has('F'), now))
    else await out.write(formatNames(list.map((e) => decorate(e, f.has('F'), tty)), one, columns(ctx)))
  }
  if (files.length > 0) await show(sortEntries(files), false)
  const sortedDirs = sortEntries(dirs)
  const headers = operands.length > 1 || status !== 0
  for (let i = 0; i < sortedDirs.length; i++) {
    const d = sortedDirs[i]!
    if (files.length > 0 || i > 0) await out.write('\n')
    if (headers) await out.write(`${d.name}:\n`)
    const names = await ctx.readdir(d.path)
    if (isErr(names)) {
      await out.flush()
      await complain(ctx, 'ls', `cannot open directory ${quoteAlways(d.name)}: ${strerror(names)}`)
      status = 2
      continue
    }
    const all = f.has('a') ? ['.', '..', ...names] : names.filter((n) => !n.startsWith('.') || (f.has('A') && n !== '.' && n !== '..'))
    const entries: Entry[] = []
    for (const n of all) {
      const path = d.path.endsWith('/') ? d.path + n : `${d.path}/${n}`
      const st = await ctx.lstat(path)
      if (isErr(st)) continue
      const e: Entry = { name: n, path, st }
      if ((st.mode & S_IFMT) === S_IFLNK) e.target = await readTarget(ctx, path)
      entries.push(e)
    }
    await show(sortEntries(entries), true)
  }
  await out.flush()
  return status
}

async function readTarget(ctx: ProcessContext, path: string): Promise<string> {
  const t = await ctx.readlink(path)
  return typeof t === 'number' ? '' : t
}

function columns(ctx: ProcessContext): number {
  const c = Number(ctx.env.find((e) => e.startsWith('COLUMNS='))?.slice(8))
  return Number.isInteger(c) && c > 0 ? c : 80
}

function classify(st: Stat): string {
  const type = st.mode & S_IFMT
  if (type === S_IFDIR) return '/'
  if (type === S_IFLNK) return '@'
  if (type === S_IFIFO) return '|'
  if (type === S_IFSOCK) return '='
  if (type !== S_IFCHR && type !== S_IFBLK && (st.mode & 0o111) !== 0) return '*'
  return ''
}

function decorate(e: Entry, F: boolean, tty: boolean): string {
  return (tty ? ttyName(e.name) : e.name) + (F ? classify(e.st) : '')
}

/** GNU ls pads with tabs where a tab stop (every 8 columns) is reached, spaces otherwise. */
function indent(from: number, to: number): string {
  let out = ''
  while (from < to) {
    if (Math.floor(to / 8) > Math.floor((from + 1) / 8)) {
      out += '\t'
      from += 8 - (from % 8)
    } else {
      out += ' '
      from++
    }
  }
  return out
}

/** GNU's vertical columns: the most columns whose widths (name + 2) fit the line. */
function formatNames(names: string[], one: boolean, width: number): string {
  if (names.length === 0) return ''
  if (one) return names.map((n) => n + '\n').join('')
  const len = (s: string): number => Array.from(s).length
  for (let cols = names.length; cols >= 1; cols--) {
    const rows = Math.ceil(names.length / cols)
    const realCols = Math.ceil(names.length / rows)
    const widths: number[] = []
    for (let c = 0; c < realCols; c++) {
      let w = 0
      for (let r = 0; r < rows; r++) {
        const n = names[c * rows + r]
        if (n !== undefined) w = Math.max(w, len(n))
      }
      widths.push(w + (c < realCols - 1 ? 2 : 0))
    }
    const total = widths.reduce((a, b) => a + b, 0)
    if (total < width || cols === 1) {
      let out = ''
      for (let r = 0; r < rows; r++) {
        let line = ''
        let pos = 0
        for (let c = 0; c < realCols; c++) {
          const n = names[c * rows + r]
          if (n === undefined) continue
          const isLast = c === realCols - 1 || names[(c + 1) * rows + r] === undefined
          line += n
          if (!isLast) {
            line += indent(pos + len(n), pos + widths[c]!)
          }
          pos += widths[c]!
        }
        out += line + '\n'
      }
      return out
    }
  }
  return ''
}

function formatLong(ctx: ProcessContext, list: Entry[], withTotal: boolean, human: boolean, numeric: boolean, F: boolean, now: number): string {
  const owner = (uid: number): string => (numeric ? String(uid) : ctx.getpwuid(uid)?.name ?? String(uid))
  const group = (gid: number): string => (numeric ? String(gid) : ctx.getpwuid(gid)?.name ?? String(gid))
  const size = (e: Entry): string => {
    const type = e.st.mode & S_IFMT
    if (type === S_IFCHR || type === S_IFBLK) {
      const rdev = e.st.rdev ?? 0
      return `${rdev >> 8}, ${rdev & 0xff}`
    }
    return human ? humanSize(e.st.size) : String(e.st.size)
  }
  const rows = list.map((e) => ({ e, mode: modeString(e.st.mode), links: String(e.st.nlink), user: owner(e.st.uid), grp: group(e.st.gid), size: size(e) }))
  const w = (k: 'links' | 'user' | 'grp' | 'size'): number => rows.reduce((m, r) => Math.max(m, r[k].length), 0)
  const wl = w('links')
  const wu = w('user')
  const wg = w('grp')
  const ws = w('size')
  let out = ''
  if (withTotal) {
    const blocks = list.reduce((n, e) => n + (e.st.blocks ?? Math.ceil(e.st.size / 4096) * 8), 0) / 2
    out += `total ${human ? humanSize(blocks * 1024) : blocks}\n`
  }
  for (const r of rows) {
    const name = r.e.name + (r.e.target !== undefined ? ` -> ${r.e.target}` : F ? classify(r.e.st) : '')
    out += `${r.mode} ${r.links.padStart(wl)} ${r.user.padEnd(wu)} ${r.grp.padEnd(wg)} ${r.size.padStart(ws)} ${dateString(r.e.st.mtimeMs, now)} ${name}\n`
  }
  return out
}
