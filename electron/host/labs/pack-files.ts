import { lstat, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { unzipSync, zipSync } from 'fflate'

/**
 * The files of a lab pack, by path relative to the pack's root (`pack.yaml`, `labs/cow/lab.yaml`,
 * …), read from a folder or a `.pinlab` zip under the same limits and the same path rules, so both
 * forms go through one loader. Nothing here follows a link or writes anywhere.
 */
export type PackFiles = Map<string, Uint8Array>

/** Caps on what a pack may hold; a pack over any of them is refused before it is parsed. */
export const PACK_FILE_LIMITS = {
  /** Bytes of the .pinlab file itself. */
  archiveBytes: 8 * 1024 * 1024,
  /** Bytes of all files together, uncompressed. */
  totalBytes: 16 * 1024 * 1024,
  /** Bytes of one file, uncompressed. */
  entryBytes: 1024 * 1024,
  /** Files (and folders) in the pack. */
  entries: 500,
  /** Uncompressed / compressed size of one entry, checked for entries over 4 KiB. */
  compressionRatio: 100,
  /** Folder depth. */
  depth: 8
} as const

/** A pack that cannot be read or does not validate: every problem as a sentence. */
export class PackError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'))
    this.name = 'PackError'
  }
}

/**
 * Why a path inside a pack is refused, or null. A pack path is relative, uses `/`, has no empty,
 * `.` or `..` parts, no backslash, drive letter or control character.
 */
export function packPathProblem(name: string): string | null {
  if (name.length === 0 || name.length > 240) return `the entry name ${JSON.stringify(name.slice(0, 60))} is empty or longer than 240 characters`
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f\\]/.test(name)) return `the entry ${JSON.stringify(name)} has a backslash or a control character in its name`
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return `the entry ${JSON.stringify(name)} has an absolute path`
  const parts = name.split('/')
  if (parts.some((p) => p === '..')) return `the entry ${JSON.stringify(name)} climbs out of the pack with ".."`
  if (parts.some((p) => p === '.' || p === '')) return `the entry ${JSON.stringify(name)} has an empty or "." part`
  if (parts.length > PACK_FILE_LIMITS.depth) return `the entry ${JSON.stringify(name)} is nested deeper than ${PACK_FILE_LIMITS.depth} folders`
  return null
}

/** Reads a pack folder: regular files and folders only (a link anywhere refuses the pack). */
export async function readPackFolder(root: string): Promise<PackFiles> {
  const files: PackFiles = new Map()
  let entries = 0
  let total = 0
  const rootStat = await lstat(root).catch(() => null)
  if (!rootStat) throw new PackError([`There is no pack folder at ${root}.`])
  if (rootStat.isSymbolicLink()) throw new PackError([`The pack folder ${root} is a link; give the real folder.`])
  if (!rootStat.isDirectory()) throw new PackError([`${root} is not a folder.`])
  const walk = async (dir: string, rel: string): Promise<void> => {
    const names = (await readdir(dir)).sort()
    for (const name of names) {
      const relPath = rel ? `${rel}/${name}` : name
      if (++entries > PACK_FILE_LIMITS.entries) throw new PackError([`The pack has more than ${PACK_FILE_LIMITS.entries} files and folders.`])
      const problem = packPathProblem(relPath)
      if (problem) throw new PackError([`The pack is refused: ${problem}.`])
      const full = join(dir, name)
      const st = await lstat(full)
      if (st.isSymbolicLink()) throw new PackError([`The pack is refused: ${relPath} is a link (packs hold only regular files).`])
      if (st.isDirectory()) {
        await walk(full, relPath)
        continue
      }
      if (!st.isFile()) throw new PackError([`The pack is refused: ${relPath} is not a regular file.`])
      if (st.size > PACK_FILE_LIMITS.entryBytes) throw new PackError([`The pack is refused: ${relPath} is larger than ${PACK_FILE_LIMITS.entryBytes} bytes.`])
      total += st.size
      if (total > PACK_FILE_LIMITS.totalBytes) throw new PackError([`The pack is refused: its files are larger than ${PACK_FILE_LIMITS.totalBytes} bytes together.`])
      files.set(relPath, new Uint8Array(await readFile(full)))
    }
  }
  await walk(root, '')
  return files
}

interface CentralEntry {
  name: string
  crc: number
  compressedSize: number
  size: number
  method: number
  isDir: boolean
  isLink: boolean
}

/**
 * Lists a zip's central directory (PKWARE APPNOTE §4.3.12–16) without inflating anything, so
 * names, links, sizes and counts are judged before a byte is decompressed.
 */
function readCentralDirectory(zip: Uint8Array): CentralEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength)
  const bad = (why: string): never => {
    throw new PackError([`The file is not a readable .pinlab pack: ${why}.`])
  }
  if (zip.length < 22) bad('it is too short to be a zip archive')
  let eocd = -1
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) bad('it has no zip end-of-directory record (not a zip, or truncated)')
  const count = view.getUint16(eocd + 10, true)
  const cdSize = view.getUint32(eocd + 12, true)
  const cdOffset = view.getUint32(eocd + 16, true)
  if (count === 0xffff || cdOffset === 0xffffffff) bad('zip64 archives are not accepted')
  if (count > PACK_FILE_LIMITS.entries) throw new PackError([`The pack is refused: it has more than ${PACK_FILE_LIMITS.entries} entries.`])
  if (cdOffset + cdSize > eocd) bad('its central directory lies outside the file (truncated or corrupt)')
  const entries: CentralEntry[] = []
  let p = cdOffset
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== 0x02014b50) bad('its central directory is corrupt')
    const madeBy = view.getUint16(p + 4, true) >> 8
    const flags = view.getUint16(p + 8, true)
    const method = view.getUint16(p + 10, true)
    const crc = view.getUint32(p + 16, true)
    const compressedSize = view.getUint32(p + 20, true)
    const size = view.getUint32(p + 24, true)
    const nameLen = view.getUint16(p + 28, true)
    const extraLen = view.getUint16(p + 30, true)
    const commentLen = view.getUint16(p + 32, true)
    const external = view.getUint32(p + 38, true)
    if (p + 46 + nameLen > eocd) bad('an entry name runs past the central directory')
    if (flags & 1) throw new PackError(['The pack is refused: it has encrypted entries.'])
    let name: string
    try {
      name = new TextDecoder('utf-8', { fatal: true }).decode(zip.subarray(p + 46, p + 46 + nameLen))
    } catch {
      return bad('an entry name is not UTF-8')
    }
    // Unix hosts keep st_mode in the high 16 bits of the external attributes.
    const mode = madeBy === 3 ? external >>> 16 : 0
    const isLink = (mode & 0o170000) === 0o120000
    entries.push({ name, crc, compressedSize, size, method, isDir: name.endsWith('/'), isLink })
    p += 46 + nameLen + extraLen + commentLen
  }
  return entries
}

/**
 * Reads a `.pinlab` file (a zip) into pack files. Refused, each with a sentence: not a zip or
 * truncated, too large, too many entries, an entry too large or compressed suspiciously well (a
 * zip bomb), absolute paths, `..`, links, duplicate names (also names equal but for case),
 * encryption, methods other than store and deflate.
 */
export function readPackZip(zip: Uint8Array): PackFiles {
  if (zip.length > PACK_FILE_LIMITS.archiveBytes) {
    throw new PackError([`The pack file is larger than ${PACK_FILE_LIMITS.archiveBytes} bytes.`])
  }
  const entries = readCentralDirectory(zip)
  const seen = new Set<string>()
  let total = 0
  for (const e of entries) {
    const name = e.isDir ? e.name.slice(0, -1) : e.name
    const problem = packPathProblem(name)
    if (problem) throw new PackError([`The pack is refused: ${problem}.`])
    if (e.isLink) throw new PackError([`The pack is refused: ${name} is a link (packs hold only regular files).`])
    const key = name.toLowerCase()
    if (seen.has(key)) throw new PackError([`The pack is refused: the name ${name} appears twice (names may not differ only in case).`])
    seen.add(key)
    if (e.isDir) continue
    if (e.method !== 0 && e.method !== 8) throw new PackError([`The pack is refused: ${name} uses compression method ${e.method} (only stored and deflated entries).`])
    if (e.size > PACK_FILE_LIMITS.entryBytes) throw new PackError([`The pack is refused: ${name} is larger than ${PACK_FILE_LIMITS.entryBytes} bytes.`])
    if (e.size > 4096 && e.size > e.compressedSize * PACK_FILE_LIMITS.compressionRatio) {
      throw new PackError([`The pack is refused: ${name} expands more than ${PACK_FILE_LIMITS.compressionRatio} times (a zip bomb?).`])
    }
    total += e.size
    if (total > PACK_FILE_LIMITS.totalBytes) throw new PackError([`The pack is refused: its files are larger than ${PACK_FILE_LIMITS.totalBytes} bytes together.`])
  }
  let unzipped: Record<string, Uint8Array>
  try {
    unzipped = unzipSync(zip, { filter: (f) => !f.name.endsWith('/') })
  } catch (error) {
    throw new PackError([`The file is not a readable .pinlab pack: ${(error as Error).message}.`])
  }
  const files: PackFiles = new Map()
  const declared = new Map(entries.map((e) => [e.name, e]))
  for (const [name, data] of Object.entries(unzipped)) {
    // The local headers must agree with the central directory that was judged above, and the
    // bytes with their checksum: a damaged pack is refused, not loaded with altered text.
    const entry = declared.get(name)
    if (!entry || entry.size !== data.length) {
      throw new PackError([`The pack is refused: ${name} does not match its size in the zip directory (corrupt or crafted).`])
    }
    if (crc32(data) !== entry.crc) throw new PackError([`The pack is refused: ${name} fails its checksum (the file is damaged).`])
    files.set(name, data)
  }
  return files
}

/** Writes pack files as a `.pinlab` zip (deflated, fixed timestamps so a pack zips the same twice). */
export function writePackZip(files: PackFiles): Uint8Array {
  const input: Record<string, [Uint8Array, { mtime: Date }]> = {}
  for (const name of [...files.keys()].sort()) input[name] = [files.get(name)!, { mtime: new Date(Date.UTC(2020, 0, 1)) }]
  return zipSync(input, { level: 9 })
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

/** CRC-32 (IEEE 802.3, as zip uses it). */
export function crc32(data: Uint8Array): number {
  let c = 0xffffffff
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
