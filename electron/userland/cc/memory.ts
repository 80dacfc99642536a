/**
 * The memory interface of the C virtual machine.
 *
 * Every load and store a C program performs goes through a {@link Memory}: the kernel
 * integration implements it over the task's MMU (page tables, faults, COW), the tests use
 * {@link FlatMemory}. Addresses are JS numbers holding a user virtual address (< 2^47);
 * the VM never passes anything else (a pointer outside the safe-integer range faults in the
 * VM before it reaches the memory).
 *
 * Faults: an access that cannot be satisfied throws a {@link MemoryFault}. The VM catches it
 * at the instruction boundary and turns it into a signal for the simulated thread
 * (SIGSEGV or SIGBUS as the fault says); it never escapes `run()`.
 *
 * 64-bit values: `load64` returns the unsigned value, as a number when it is below 2^53 and
 * as a bigint otherwise (the VM's canonical form). `store64` accepts any integer in
 * [-2^63, 2^64) as number or bigint and stores it modulo 2^64 (little-endian, as x86-64).
 */
export interface Memory {
  load8(addr: number): number
  load16(addr: number): number
  load32(addr: number): number
  load64(addr: number): number | bigint
  loadF32(addr: number): number
  loadF64(addr: number): number
  store8(addr: number, v: number): void
  store16(addr: number, v: number): void
  store32(addr: number, v: number): void
  store64(addr: number, v: number | bigint): void
  storeF32(addr: number, v: number): void
  storeF64(addr: number, v: number): void
  /** Copies `len` bytes out of user memory (a read access on every byte). */
  read(addr: number, len: number): Uint8Array
  /** Copies bytes into user memory (a write access on every byte). */
  write(addr: number, data: Uint8Array): void
  /** memset: a write access on every byte. */
  fill(addr: number, byte: number, len: number): void
}

export const PROT_NONE = 0
export const PROT_READ = 1
export const PROT_WRITE = 2
export const PROT_EXEC = 4

/**
 * The mapping side the loader needs: create a fixed anonymous mapping (zero-filled) and
 * change its protection. The kernel integration implements it with its mmap/mprotect; the
 * loader writes the segment contents while the mapping is still writable, then protects it.
 */
export interface AddressSpace extends Memory {
  map(addr: number, len: number, prot: number, name: string): void
  protect(addr: number, len: number, prot: number): void
}

export type FaultSignal = 'SIGSEGV' | 'SIGBUS'

/** Thrown by a Memory when an access faults; the VM converts it into a signal. */
export class MemoryFault extends Error {
  constructor(
    readonly addr: number | bigint,
    readonly access: 'read' | 'write' | 'exec',
    readonly signal: FaultSignal = 'SIGSEGV',
    /** si_code as Linux names it: SEGV_MAPERR, SEGV_ACCERR, BUS_ADRERR … */
    readonly code: string = 'SEGV_MAPERR'
  ) {
    super(`${signal} (${code}) at 0x${addr.toString(16)} on ${access}`)
    this.name = 'MemoryFault'
  }
}

export const PAGE_SIZE = 4096
const TWO32 = 4294967296

interface Page {
  u8: Uint8Array
  dv: DataView
  u32: Uint32Array
  f64: Float64Array
  prot: number
}

function newPage(u8: Uint8Array, prot: number): Page {
  return { u8, dv: new DataView(u8.buffer), u32: new Uint32Array(u8.buffer), f64: new Float64Array(u8.buffer), prot }
}

/**
 * A flat, page-granular test memory: mapped regions with permissions, unmapped → SIGSEGV
 * (SEGV_MAPERR), permission violation → SIGSEGV (SEGV_ACCERR). Pages are allocated on first
 * touch. `clone()` copies everything (what fork needs in tests; the kernel does COW instead).
 */
export class FlatMemory implements AddressSpace {
  private pages = new Map<number, Page | null>()
  private rn = -1
  private rp: Page | null = null
  private wn = -1
  private wp: Page | null = null

  map(addr: number, len: number, prot: number, _name = ''): void {
    const first = Math.floor(addr / PAGE_SIZE)
    const last = Math.floor((addr + len - 1) / PAGE_SIZE)
    for (let n = first; n <= last; n++) this.pages.set(n, null)
    this.protect(addr, len, prot)
  }

  unmap(addr: number, len: number): void {
    const first = Math.floor(addr / PAGE_SIZE)
    const last = Math.floor((addr + len - 1) / PAGE_SIZE)
    for (let n = first; n <= last; n++) this.pages.delete(n)
    this.rn = this.wn = -1
  }

  protect(addr: number, len: number, prot: number): void {
    const first = Math.floor(addr / PAGE_SIZE)
    const last = Math.floor((addr + len - 1) / PAGE_SIZE)
    for (let n = first; n <= last; n++) {
      if (!this.pages.has(n)) throw new MemoryFault(n * PAGE_SIZE, 'write')
      this.materialize(n).prot = prot
    }
    this.rn = this.wn = -1
  }

  isMapped(addr: number): boolean {
    return this.pages.has(Math.floor(addr / PAGE_SIZE))
  }

  protOf(addr: number): number | null {
    const n = Math.floor(addr / PAGE_SIZE)
    if (!this.pages.has(n)) return null
    return this.materialize(n).prot
  }

  clone(): FlatMemory {
    const m = new FlatMemory()
    for (const [n, p] of this.pages) {
      if (p === null) m.pages.set(n, null)
      else {
        m.pages.set(n, newPage(new Uint8Array(p.u8), p.prot))
      }
    }
    return m
  }

  private materialize(n: number): Page {
    let p = this.pages.get(n)
    if (!p) {
      p = newPage(new Uint8Array(PAGE_SIZE), PROT_READ | PROT_WRITE)
      this.pages.set(n, p)
    }
    return p
  }

  private rpage(addr: number): Page {
    const n = Math.floor(addr / PAGE_SIZE)
    if (n === this.rn && this.rp) return this.rp
    if (!this.pages.has(n)) throw new MemoryFault(addr, 'read', 'SIGSEGV', 'SEGV_MAPERR')
    const p = this.materialize(n)
    if (!(p.prot & PROT_READ)) throw new MemoryFault(addr, 'read', 'SIGSEGV', 'SEGV_ACCERR')
    this.rn = n
    this.rp = p
    return p
  }

  private wpage(addr: number): Page {
    const n = Math.floor(addr / PAGE_SIZE)
    if (n === this.wn && this.wp) return this.wp
    if (!this.pages.has(n)) throw new MemoryFault(addr, 'write', 'SIGSEGV', 'SEGV_MAPERR')
    const p = this.materialize(n)
    if (!(p.prot & PROT_WRITE)) throw new MemoryFault(addr, 'write', 'SIGSEGV', 'SEGV_ACCERR')
    this.wn = n
    this.wp = p
    return p
  }

  load8(a: number): number {
    return this.rpage(a).u8[a % PAGE_SIZE]
  }
  load16(a: number): number {
    const o = a % PAGE_SIZE
    if (o <= PAGE_SIZE - 2) return this.rpage(a).dv.getUint16(o, true)
    return this.load8(a) | (this.load8(a + 1) << 8)
  }
  load32(a: number): number {
    const o = a % PAGE_SIZE
    if ((o & 3) === 0) return this.rpage(a).u32[o >> 2]
    if (o <= PAGE_SIZE - 4) return this.rpage(a).dv.getUint32(o, true)
    return (this.load16(a) | (this.load16(a + 2) << 16)) >>> 0
  }
  load64(a: number): number | bigint {
    const lo = this.load32(a)
    const hi = this.load32(a + 4)
    if (hi < 0x200000) return hi * TWO32 + lo
    return (BigInt(hi) << 32n) | BigInt(lo)
  }
  loadF32(a: number): number {
    const o = a % PAGE_SIZE
    if (o <= PAGE_SIZE - 4) return this.rpage(a).dv.getFloat32(o, true)
    return new DataView(this.read(a, 4).buffer).getFloat32(0, true)
  }
  loadF64(a: number): number {
    const o = a % PAGE_SIZE
    if ((o & 7) === 0) return this.rpage(a).f64[o >> 3]
    if (o <= PAGE_SIZE - 8) return this.rpage(a).dv.getFloat64(o, true)
    return new DataView(this.read(a, 8).buffer).getFloat64(0, true)
  }
  store8(a: number, v: number): void {
    this.wpage(a).u8[a % PAGE_SIZE] = v
  }
  store16(a: number, v: number): void {
    const o = a % PAGE_SIZE
    if (o <= PAGE_SIZE - 2) this.wpage(a).dv.setUint16(o, v & 0xffff, true)
    else {
      this.store8(a, v & 255)
      this.store8(a + 1, (v >> 8) & 255)
    }
  }
  store32(a: number, v: number): void {
    const o = a % PAGE_SIZE
    if ((o & 3) === 0) this.wpage(a).u32[o >> 2] = v
    else if (o <= PAGE_SIZE - 4) this.wpage(a).dv.setUint32(o, v >>> 0, true)
    else {
      this.store16(a, v & 0xffff)
      this.store16(a + 2, (v >>> 16) & 0xffff)
    }
  }
  store64(a: number, v: number | bigint): void {
    let lo: number, hi: number
    if (typeof v === 'number') {
      lo = v >>> 0
      hi = Math.floor(v / TWO32) >>> 0
    } else {
      const u = BigInt.asUintN(64, v)
      lo = Number(u & 0xffffffffn)
      hi = Number(u >> 32n)
    }
    this.store32(a, lo)
    this.store32(a + 4, hi)
  }
  storeF32(a: number, v: number): void {
    const o = a % PAGE_SIZE
    if (o <= PAGE_SIZE - 4) this.wpage(a).dv.setFloat32(o, v, true)
    else {
      const b = new Uint8Array(4)
      new DataView(b.buffer).setFloat32(0, v, true)
      this.write(a, b)
    }
  }
  storeF64(a: number, v: number): void {
    const o = a % PAGE_SIZE
    if ((o & 7) === 0) this.wpage(a).f64[o >> 3] = v
    else if (o <= PAGE_SIZE - 8) this.wpage(a).dv.setFloat64(o, v, true)
    else {
      const b = new Uint8Array(8)
      new DataView(b.buffer).setFloat64(0, v, true)
      this.write(a, b)
    }
  }
  read(a: number, len: number): Uint8Array {
    const out = new Uint8Array(len)
    let i = 0
    while (i < len) {
      const p = this.rpage(a + i)
      const o = (a + i) % PAGE_SIZE
      const n = Math.min(len - i, PAGE_SIZE - o)
      out.set(p.u8.subarray(o, o + n), i)
      i += n
    }
    return out
  }
  write(a: number, data: Uint8Array): void {
    let i = 0
    while (i < data.length) {
      const p = this.wpage(a + i)
      const o = (a + i) % PAGE_SIZE
      const n = Math.min(data.length - i, PAGE_SIZE - o)
      p.u8.set(data.subarray(i, i + n), o)
      i += n
    }
  }
  fill(a: number, byte: number, len: number): void {
    let i = 0
    while (i < len) {
      const p = this.wpage(a + i)
      const o = (a + i) % PAGE_SIZE
      const n = Math.min(len - i, PAGE_SIZE - o)
      p.u8.fill(byte & 255, o, o + n)
      i += n
    }
  }
}
