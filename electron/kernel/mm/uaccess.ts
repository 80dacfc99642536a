/**
 * User-memory access for the C runtime (the role of arch/x86/mm/fault.c + lib/usercopy.c):
 * loads and stores at 64-bit user virtual addresses (JS numbers < 2^47), translated through the
 * task's page table with a small direct-mapped software TLB.
 *
 * Contract: nothing here throws. A load returns the value (unsigned) or -1 (-1n for 64-bit) when
 * the access faults; a store returns 0 or -1. After a fault, `lastFault` holds the signal the
 * task would get: SIGSEGV with SEGV_MAPERR (no VMA) or SEGV_ACCERR (VMA forbids the access),
 * SIGBUS with BUS_ADRERR (e.g. file page past EOF), or SIGKILL (out of memory). copy_from_user /
 * copy_to_user / clear_user / fill_user return the number of bytes NOT copied (Linux convention).
 * 8-byte values are bigint (readU64/writeU64); readF64/writeF64 move IEEE doubles.
 * Multi-byte accesses are little-endian (x86-64).
 *
 * Invariant: a TLB entry allows writes only if the PTE was writable and dirty when it was
 * filled, and every PTE change invalidates its entry (PageTable.set), so a store can never bypass
 * COW, write-protect (fork, mprotect, folio_mkclean) or a zap.
 */
import type { Kernel } from '../kernel'
import type { TaskStruct } from '../include/linux/sched'
import type { PageTable } from '../include/linux/mm_types'
import { TLB_ENTRIES } from '../include/linux/mm_types'
import {
  FAULT_FLAG_USER, FAULT_FLAG_WRITE, TASK_SIZE, VM_EXEC, VM_FAULT_OOM, VM_FAULT_SIGBUS, VM_FAULT_SIGSEGV, VM_READ, VM_WRITE
} from '../include/linux/mm'
import { pte_mkdirty, pte_mkyoung, pte_pfn, pte_present, pte_write } from '../include/asm/pgtable'
import { BUS_ADRERR, SEGV_ACCERR, SEGV_MAPERR, SIGBUS, SIGKILL, SIGSEGV } from '../include/uapi/asm-generic/siginfo'
import { vma_lookup } from './vma'
import { handle_mm_fault } from './memory'

export interface UserFault {
  signo: number
  code: number
  addr: number
}

const f64 = new Float64Array(1)
const f64b = new Uint8Array(f64.buffer)

export class UserAccess {
  lastFault: UserFault | null = null
  private tmp = new Uint8Array(8)

  constructor(
    readonly k: Kernel,
    readonly task: TaskStruct
  ) {}

  private get pgd(): PageTable | null {
    return this.task.mm ? this.task.mm.pgd : null
  }

  private fail(signo: number, code: number, addr: number): number {
    this.lastFault = { signo, code, addr }
    if (this.k.tracing) this.k.emit({ type: 'signal', signo, code, addr }, this.task.pid)
    return -1
  }

  /** Translate to a pfn (≥ 0) or -1 after recording the fault. */
  translate(addr: number, write: boolean): number {
    const pgd = this.pgd
    if (pgd !== null) {
      const vpn = Math.floor(addr / 4096)
      const slot = vpn % TLB_ENTRIES
      if (pgd.tlbTag[slot] === vpn && (!write || pgd.tlbWrite[slot] === 1)) return pgd.tlbPfn[slot]!
    }
    return this.slow(addr, write)
  }

  private slow(addr: number, write: boolean): number {
    const k = this.k
    const mm = this.task.mm
    if (!mm || !(addr >= 0) || addr >= TASK_SIZE) return this.fail(SIGSEGV, SEGV_MAPERR, addr)
    const vpn = Math.floor(addr / 4096)
    for (let tries = 0; tries < 4; tries++) {
      const vma = vma_lookup(mm, addr)
      if (!vma) return this.fail(SIGSEGV, SEGV_MAPERR, addr)
      // access_error(): x86 lets any of read/write/exec permission imply readability.
      if (write ? !(vma.flags & VM_WRITE) : !(vma.flags & (VM_READ | VM_WRITE | VM_EXEC))) return this.fail(SIGSEGV, SEGV_ACCERR, addr)
      const pte = mm.pgd.get(vpn)
      if (pte_present(pte) && (!write || pte_write(pte))) {
        // The MMU sets the accessed (and, for stores, dirty) bit.
        let e = pte_mkyoung(pte)
        if (write) e = pte_mkdirty(e)
        if (e !== pte) mm.pgd.set(vpn, e)
        const slot = vpn % TLB_ENTRIES
        mm.pgd.tlbTag[slot] = vpn
        mm.pgd.tlbPfn[slot] = pte_pfn(e)
        mm.pgd.tlbWrite[slot] = write ? 1 : 0
        return pte_pfn(e)
      }
      const ret = handle_mm_fault(k, mm, vma, addr, (write ? FAULT_FLAG_WRITE : 0) | FAULT_FLAG_USER)
      if (ret & VM_FAULT_OOM) return this.fail(SIGKILL, 0, addr)
      if (ret & VM_FAULT_SIGBUS) return this.fail(SIGBUS, BUS_ADRERR, addr)
      if (ret & VM_FAULT_SIGSEGV) return this.fail(SIGSEGV, SEGV_ACCERR, addr)
    }
    k.oops(`user fault at ${addr.toString(16)} makes no progress`)
    return this.fail(SIGSEGV, SEGV_ACCERR, addr)
  }

  readU8(addr: number): number {
    const pfn = this.translate(addr, false)
    if (pfn < 0) return -1
    return this.k.phys.contents.readByte(pfn, addr % 4096)
  }

  writeU8(addr: number, v: number): number {
    const pfn = this.translate(addr, true)
    if (pfn < 0) return -1
    this.k.phys.contents.writeByte(pfn, addr % 4096, v)
    return 0
  }

  /** Read n ≤ 8 bytes little-endian into this.tmp; false on fault. */
  private load(addr: number, n: number): boolean {
    const off = addr % 4096
    if (off + n <= 4096) {
      const pfn = this.translate(addr, false)
      if (pfn < 0) return false
      this.k.phys.contents.readBytes(pfn, off, this.tmp, 0, n)
      return true
    }
    for (let i = 0; i < n; i++) {
      const b = this.readU8(addr + i)
      if (b < 0) return false
      this.tmp[i] = b
    }
    return true
  }

  private store(addr: number, n: number): number {
    const off = addr % 4096
    if (off + n <= 4096) {
      const pfn = this.translate(addr, true)
      if (pfn < 0) return -1
      this.k.phys.contents.writeBytes(pfn, off, this.tmp, 0, n)
      return 0
    }
    // Fault in every page first so a partial store never happens.
    if (this.translate(addr, true) < 0 || this.translate(addr + n - 1, true) < 0) return -1
    for (let i = 0; i < n; i++) if (this.writeU8(addr + i, this.tmp[i]!) < 0) return -1
    return 0
  }

  readU16(addr: number): number {
    if (!this.load(addr, 2)) return -1
    return this.tmp[0]! | (this.tmp[1]! << 8)
  }

  readU32(addr: number): number {
    if (!this.load(addr, 4)) return -1
    const t = this.tmp
    return (t[0]! | (t[1]! << 8) | (t[2]! << 16) | (t[3]! << 24)) >>> 0
  }

  readU64(addr: number): bigint {
    if (!this.load(addr, 8)) return -1n
    const t = this.tmp
    const lo = (t[0]! | (t[1]! << 8) | (t[2]! << 16) | (t[3]! << 24)) >>> 0
    const hi = (t[4]! | (t[5]! << 8) | (t[6]! << 16) | (t[7]! << 24)) >>> 0
    return (BigInt(hi) << 32n) | BigInt(lo)
  }

  readF64(addr: number): number | null {
    if (!this.load(addr, 8)) return null
    f64b.set(this.tmp)
    return f64[0]!
  }

  writeU16(addr: number, v: number): number {
    this.tmp[0] = v & 0xff
    this.tmp[1] = (v >>> 8) & 0xff
    return this.store(addr, 2)
  }

  writeU32(addr: number, v: number): number {
    const t = this.tmp
    t[0] = v & 0xff
    t[1] = (v >>> 8) & 0xff
    t[2] = (v >>> 16) & 0xff
    t[3] = (v >>> 24) & 0xff
    return this.store(addr, 4)
  }

  writeU64(addr: number, v: bigint): number {
    const lo = Number(v & 0xffffffffn)
    const hi = Number((v >> 32n) & 0xffffffffn)
    const t = this.tmp
    for (let i = 0; i < 4; i++) {
      t[i] = (lo >>> (8 * i)) & 0xff
      t[4 + i] = (hi >>> (8 * i)) & 0xff
    }
    return this.store(addr, 8)
  }

  writeF64(addr: number, v: number): number {
    f64[0] = v
    this.tmp.set(f64b)
    return this.store(addr, 8)
  }

  /** copy_from_user(): returns the number of bytes not copied. */
  copy_from_user(dst: Uint8Array, src: number, n: number): number {
    const b = this.k.batchBegin('copy_from_user', src, n / 4096)
    const r = this._copy_from_user(dst, src, n)
    this.k.batchEnd(b, this.task.pid)
    return r
  }

  private _copy_from_user(dst: Uint8Array, src: number, n: number): number {
    return this._eachPage(src, n, false, (pfn, off, done, chunk) => this.k.phys.contents.readBytes(pfn, off, dst, done, chunk))
  }

  /**
   * Walks [addr, addr + n) a page at a time, faulting each page in for the access, and calls
   * `fn` with the frame, the offset in it, the bytes done so far and the chunk length. Returns the
   * number of bytes not reached (0 when all were): the usercopy convention.
   */
  private _eachPage(addr: number, n: number, write: boolean, fn: (pfn: number, off: number, done: number, chunk: number) => void): number {
    let done = 0
    while (done < n) {
      const a = addr + done
      const off = a % 4096
      const chunk = Math.min(n - done, 4096 - off)
      const pfn = this.translate(a, write)
      if (pfn < 0) return n - done
      fn(pfn, off, done, chunk)
      done += chunk
    }
    return 0
  }

  /** copy_to_user(): returns the number of bytes not copied. */
  copy_to_user(dst: number, src: Uint8Array, n: number): number {
    const b = this.k.batchBegin('copy_to_user', dst, n / 4096)
    const r = this._copy_to_user(dst, src, n)
    this.k.batchEnd(b, this.task.pid)
    return r
  }

  private _copy_to_user(dst: number, src: Uint8Array, n: number): number {
    return this._eachPage(dst, n, true, (pfn, off, done, chunk) => this.k.phys.contents.writeBytes(pfn, off, src, done, chunk))
  }

  /** memset in user memory (whole pages store just the fill byte); returns bytes not filled. */
  fill_user(dst: number, byte: number, n: number): number {
    const b = this.k.batchBegin('fill_user', dst, n / 4096)
    const r = this._fill_user(dst, byte, n)
    this.k.batchEnd(b, this.task.pid)
    return r
  }

  private _fill_user(dst: number, byte: number, n: number): number {
    return this._eachPage(dst, n, true, (pfn, off, _done, chunk) => this.k.phys.contents.fill(pfn, off, chunk, byte))
  }

  /**
   * strncpy_from_user(): copy a NUL-terminated string of at most n bytes. Returns its length
   * (without the NUL), n if no NUL was found within n bytes, or -EFAULT (-14).
   */
  strncpy_from_user(dst: Uint8Array, src: number, n: number): number {
    for (let i = 0; i < n; i++) {
      const b = this.readU8(src + i)
      if (b < 0) return -14
      dst[i] = b
      if (b === 0) return i
    }
    return n
  }

  /** strnlen_user(): string length including the NUL, n + 1 if longer than n, 0 on a fault. */
  strnlen_user(src: number, n: number): number {
    for (let i = 0; i < n; i++) {
      const b = this.readU8(src + i)
      if (b < 0) return 0
      if (b === 0) return i + 1
    }
    return n + 1
  }

  /** clear_user(): zero n bytes; returns bytes not cleared. */
  clear_user(dst: number, n: number): number {
    return this.fill_user(dst, 0, n)
  }
}

/** The accessor for a task (one per task; cheap to create). */
export function user_access(k: Kernel, task: TaskStruct): UserAccess {
  return new UserAccess(k, task)
}

export { SIGBUS, SIGSEGV, SEGV_MAPERR, SEGV_ACCERR }
