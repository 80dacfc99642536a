/**
 * Chunked typed arrays with copy-on-write chunks: the storage behind struct page fields, free
 * lists and page caches, so that a snapshot of the whole kernel is O(chunks), not O(pages).
 *
 * Contract: `snapshot()` returns an immutable view and re-keys the live array with a fresh
 * ownership token, so every chunk is cloned once on its first later write. `restore()` builds a
 * new live array over the same chunks with yet another token: the snapshot stays reusable.
 * Invariant: a chunk is written only by the array whose token it carries.
 */
export const CHUNK_SHIFT = 12
export const CHUNK_SIZE = 1 << CHUNK_SHIFT
export const CHUNK_MASK = CHUNK_SIZE - 1

let tokenCounter = 1
/** A fresh ownership token (host-side bookkeeping only: never visible in kernel state or traces). */
export function newToken(): number {
  return tokenCounter++
}

type TypedArray = Int32Array | Float64Array | Uint8Array
type TypedCtor<T extends TypedArray> = { new (n: number): T }

export interface CowArraySnapshot<T extends TypedArray> {
  readonly chunks: ReadonlyArray<T | undefined>
}

export class CowArray<T extends TypedArray> {
  chunks: (T | undefined)[]
  owners: number[]
  token: number

  constructor(
    private readonly ctor: TypedCtor<T>,
    snap?: CowArraySnapshot<T>
  ) {
    this.chunks = snap ? snap.chunks.slice() : []
    this.owners = new Array<number>(this.chunks.length).fill(0)
    this.token = newToken()
  }

  get(i: number): number {
    const c = this.chunks[i >>> CHUNK_SHIFT]
    return c === undefined ? 0 : c[i & CHUNK_MASK]!
  }

  set(i: number, v: number): void {
    const ci = i >>> CHUNK_SHIFT
    let c = this.chunks[ci]
    if (c === undefined || this.owners[ci] !== this.token) c = this.own(ci)
    c[i & CHUNK_MASK] = v
  }

  add(i: number, d: number): number {
    const v = this.get(i) + d
    this.set(i, v)
    return v
  }

  /** Make chunk `ci` writable by this array (allocating or cloning it once). */
  own(ci: number): T {
    const old = this.chunks[ci]
    const c = old === undefined ? new this.ctor(CHUNK_SIZE) : (old.slice() as T)
    this.chunks[ci] = c
    this.owners[ci] = this.token
    return c
  }

  snapshot(): CowArraySnapshot<T> {
    const snap = { chunks: this.chunks.slice() }
    this.token = newToken()
    return snap
  }

  static restore<T extends TypedArray>(ctor: TypedCtor<T>, snap: CowArraySnapshot<T>): CowArray<T> {
    return new CowArray(ctor, snap)
  }
}
