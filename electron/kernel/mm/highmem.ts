/**
 * include/linux/highmem.h — page contents and the kmap-style helpers that read and write them
 * (memcpy_from_page, memcpy_to_page, memset_page, copy_highpage, clear_highpage).
 *
 * Storage is sparse: a frame never written costs nothing (reads as zero); a frame with a few bytes
 * written keeps a sorted list of (offset << 8 | byte) numbers over a fill byte; a frame filled by
 * memset keeps only the fill byte; past SPARSE_MAX entries the frame is promoted to a dense
 * Uint8Array(4096). copy_highpage shares the source's data object and both sides clone it on
 * their next write, so COW copies cost O(1) host memory until written.
 *
 * Snapshots: chunk pointer arrays are copy-on-write (like lib/cow_array.ts) and each chunk has an
 * `owned` byte per frame: a data object may be mutated in place only when its frame's byte is 1.
 */
import { CHUNK_MASK, CHUNK_SHIFT, CHUNK_SIZE, newToken } from '../lib/cow_array'

export const PAGE_BYTES = 4096
const SPARSE_MAX = 256

export interface PageData {
  fill: number
  /** Sorted `offset * 256 + value` entries (used when dense is null). */
  sparse: number[] | null
  dense: Uint8Array | null
}

export interface PageContentsSnapshot {
  chunks: ReadonlyArray<(PageData | undefined)[] | undefined>
}

function cloneData(d: PageData): PageData {
  return { fill: d.fill, sparse: d.sparse ? d.sparse.slice() : null, dense: d.dense ? d.dense.slice() : null }
}

function sparseFind(s: number[], off: number): number {
  let lo = 0
  let hi = s.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (s[mid]! >>> 8 < off) lo = mid + 1
    else hi = mid
  }
  return lo
}

export class PageContents {
  chunks: ((PageData | undefined)[] | undefined)[]
  owned: (Uint8Array | undefined)[]
  owners: number[]
  token: number

  constructor(snap?: PageContentsSnapshot) {
    this.chunks = snap ? snap.chunks.slice() : []
    this.owned = new Array(this.chunks.length)
    this.owners = new Array<number>(this.chunks.length).fill(0)
    this.token = newToken()
  }

  /** The data object of a frame, or undefined for an all-zero frame. Read-only use. */
  peek(pfn: number): PageData | undefined {
    const c = this.chunks[pfn >>> CHUNK_SHIFT]
    return c === undefined ? undefined : c[pfn & CHUNK_MASK]
  }

  private ownChunk(ci: number): (PageData | undefined)[] {
    let c = this.chunks[ci]
    if (c !== undefined && this.owners[ci] === this.token) return c
    c = c === undefined ? new Array<PageData | undefined>(CHUNK_SIZE) : c.slice()
    this.chunks[ci] = c
    this.owned[ci] = new Uint8Array(CHUNK_SIZE)
    this.owners[ci] = this.token
    return c
  }

  /** The frame's data object, made private to this frame and this snapshot generation. */
  private mutable(pfn: number): PageData {
    const ci = pfn >>> CHUNK_SHIFT
    const c = this.ownChunk(ci)
    const slot = pfn & CHUNK_MASK
    const owned = this.owned[ci]!
    let d = c[slot]
    if (d === undefined) {
      d = { fill: 0, sparse: null, dense: null }
      c[slot] = d
      owned[slot] = 1
    } else if (owned[slot] === 0) {
      d = cloneData(d)
      c[slot] = d
      owned[slot] = 1
    }
    return d
  }

  private setData(pfn: number, d: PageData | undefined): void {
    const ci = pfn >>> CHUNK_SHIFT
    if (d === undefined && this.chunks[ci] === undefined) return
    const c = this.ownChunk(ci)
    c[pfn & CHUNK_MASK] = d
    this.owned[ci]![pfn & CHUNK_MASK] = d === undefined ? 0 : 1
  }

  readByte(pfn: number, off: number): number {
    const d = this.peek(pfn)
    if (d === undefined) return 0
    if (d.dense !== null) return d.dense[off]!
    const s = d.sparse
    if (s !== null) {
      const i = sparseFind(s, off)
      if (i < s.length && s[i]! >>> 8 === off) return s[i]! & 0xff
    }
    return d.fill
  }

  writeByte(pfn: number, off: number, v: number): void {
    v &= 0xff
    const cur = this.peek(pfn)
    if (cur === undefined && v === 0) return
    this.setIn(this.mutable(pfn), off, v)
  }

  /** Store one byte into a data object already made private by `mutable`. */
  private setIn(d: PageData, off: number, v: number): void {
    if (d.dense !== null) {
      d.dense[off] = v
      return
    }
    let s = d.sparse
    if (s === null) {
      if (v === d.fill) return
      s = d.sparse = []
    }
    const i = sparseFind(s, off)
    if (i < s.length && s[i]! >>> 8 === off) {
      s[i] = off * 256 + v
      return
    }
    if (v === d.fill) return
    if (s.length >= SPARSE_MAX) {
      this.promote(d)
      d.dense![off] = v
      return
    }
    s.splice(i, 0, off * 256 + v)
  }

  private promote(d: PageData): void {
    const dense = new Uint8Array(PAGE_BYTES)
    if (d.fill !== 0) dense.fill(d.fill)
    if (d.sparse !== null) for (const e of d.sparse) dense[e >>> 8] = e & 0xff
    d.dense = dense
    d.sparse = null
  }

  readBytes(pfn: number, off: number, dst: Uint8Array, dOff: number, n: number): void {
    const d = this.peek(pfn)
    if (d === undefined) {
      dst.fill(0, dOff, dOff + n)
      return
    }
    const dense = d.dense
    if (dense !== null) {
      if (n <= 16) for (let i = 0; i < n; i++) dst[dOff + i] = dense[off + i]!
      else dst.set(dense.subarray(off, off + n), dOff)
      return
    }
    const fill = d.fill
    if (n <= 16) for (let i = 0; i < n; i++) dst[dOff + i] = fill
    else dst.fill(fill, dOff, dOff + n)
    const s = d.sparse
    if (s !== null) {
      // Entries are sorted by offset: start at the first one ≥ off.
      for (let i = sparseFind(s, off); i < s.length; i++) {
        const o = s[i]! >>> 8
        if (o >= off + n) break
        dst[dOff + o - off] = s[i]! & 0xff
      }
    }
  }

  writeBytes(pfn: number, off: number, src: Uint8Array, sOff: number, n: number): void {
    if (n >= 64) {
      const d = this.mutable(pfn)
      if (d.dense === null) this.promote(d)
      d.dense!.set(src.subarray(sOff, sOff + n), off)
      return
    }
    let d = this.peek(pfn)
    if (d === undefined) {
      let any = false
      for (let i = 0; i < n; i++) if (src[sOff + i] !== 0) any = true
      if (!any) return
    }
    d = this.mutable(pfn)
    for (let i = 0; i < n; i++) this.setIn(d, off + i, src[sOff + i]! & 0xff)
  }

  /** memset of part of a frame; a whole-frame fill stores only the byte. */
  fill(pfn: number, off: number, n: number, byte: number): void {
    byte &= 0xff
    if (off === 0 && n >= PAGE_BYTES) {
      this.setData(pfn, byte === 0 ? undefined : { fill: byte, sparse: null, dense: null })
      return
    }
    if (n >= 64) {
      const d = this.mutable(pfn)
      if (d.dense === null) this.promote(d)
      d.dense!.fill(byte, off, off + n)
      return
    }
    for (let i = 0; i < n; i++) this.writeByte(pfn, off + i, byte)
  }

  /** Zero a frame (also used when a frame is freed). */
  clear(pfn: number): void {
    this.setData(pfn, undefined)
  }

  /** copy_highpage: share the data object; both frames clone before their next write. */
  copy(dst: number, src: number): void {
    const d = this.peek(src)
    if (d === undefined) {
      this.clear(dst)
      return
    }
    const si = src >>> CHUNK_SHIFT
    this.ownChunk(si)
    this.owned[si]![src & CHUNK_MASK] = 0
    const di = dst >>> CHUNK_SHIFT
    const dc = this.ownChunk(di)
    dc[dst & CHUNK_MASK] = d
    this.owned[di]![dst & CHUNK_MASK] = 0
  }

  /** True if two frames hold the same bytes (used by tests and the invariant checker). */
  equal(a: number, b: number): boolean {
    const x = new Uint8Array(PAGE_BYTES)
    const y = new Uint8Array(PAGE_BYTES)
    this.readBytes(a, 0, x, 0, PAGE_BYTES)
    this.readBytes(b, 0, y, 0, PAGE_BYTES)
    for (let i = 0; i < PAGE_BYTES; i++) if (x[i] !== y[i]) return false
    return true
  }

  snapshot(): PageContentsSnapshot {
    const snap = { chunks: this.chunks.slice() }
    this.token = newToken()
    return snap
  }
}
