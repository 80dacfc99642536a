import type { Kernel } from '../../kernel/kernel'
import type { TaskStruct } from '../../kernel/include/linux/sched'
import type { UserAccess } from '../../kernel/mm/uaccess'
import { MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE } from '../../kernel/include/uapi/asm-generic/mman-common'
import { BUS_ADRERR, SEGV_ACCERR, SIGBUS, SIGKILL } from '../../kernel/include/uapi/asm-generic/siginfo'
import { MemoryFault, type AddressSpace } from '../cc/memory'

const TWO32 = 4294967296
const f32 = new Float32Array(1)
const u32 = new Uint32Array(f32.buffer)

/**
 * The C virtual machine's memory, backed by the simulated MMU: every load and store of a C
 * program goes through the task's page tables (kernel/mm/uaccess.ts), so `buf[0] = 2012` takes
 * the real write fault, COW copy or unshare, and a stray pointer gets the real SIGSEGV.
 *
 * A failed access throws the VM's MemoryFault with the signal the kernel chose; the VM turns it
 * into a signal for the thread at the instruction boundary.
 */
export class TaskMemory implements AddressSpace {
  private _ua: UserAccess

  constructor(
    readonly kernel: Kernel,
    public task: TaskStruct
  ) {
    this._ua = kernel.uaccess(task)
  }

  /** After fork or exec the memory belongs to another task. */
  retarget(task: TaskStruct): void {
    this.task = task
    this._ua = this.kernel.uaccess(task)
  }

  private _fault(addr: number, access: 'read' | 'write'): never {
    const f = this._ua.lastFault
    this._ua.lastFault = null
    if (f && f.signo === SIGBUS) throw new MemoryFault(addr, access, 'SIGBUS', f.code === BUS_ADRERR ? 'BUS_ADRERR' : 'BUS_OBJERR')
    if (f && f.signo === SIGKILL) throw new MemoryFault(addr, access, 'SIGSEGV', 'OOM')
    throw new MemoryFault(addr, access, 'SIGSEGV', f && f.code === SEGV_ACCERR ? 'SEGV_ACCERR' : 'SEGV_MAPERR')
  }

  load8(addr: number): number {
    const v = this._ua.readU8(addr)
    return v < 0 ? this._fault(addr, 'read') : v
  }
  load16(addr: number): number {
    const v = this._ua.readU16(addr)
    return v < 0 ? this._fault(addr, 'read') : v
  }
  load32(addr: number): number {
    const v = this._ua.readU32(addr)
    return v < 0 ? this._fault(addr, 'read') : v
  }
  load64(addr: number): number | bigint {
    const v = this._ua.readU64(addr)
    if (v < 0n) return this._fault(addr, 'read')
    return v < 9007199254740992n ? Number(v) : v
  }
  loadF32(addr: number): number {
    u32[0] = this.load32(addr)
    return f32[0]!
  }
  loadF64(addr: number): number {
    const v = this._ua.readF64(addr)
    return v === null ? this._fault(addr, 'read') : v
  }
  store8(addr: number, v: number): void {
    if (this._ua.writeU8(addr, v & 0xff) < 0) this._fault(addr, 'write')
  }
  store16(addr: number, v: number): void {
    if (this._ua.writeU16(addr, v & 0xffff) < 0) this._fault(addr, 'write')
  }
  store32(addr: number, v: number): void {
    if (this._ua.writeU32(addr, v >>> 0) < 0) this._fault(addr, 'write')
  }
  store64(addr: number, v: number | bigint): void {
    const big = typeof v === 'bigint' ? BigInt.asUintN(64, v) : v >= 0 && v < TWO32 ? BigInt(v) : BigInt.asUintN(64, BigInt(v))
    if (this._ua.writeU64(addr, big) < 0) this._fault(addr, 'write')
  }
  storeF32(addr: number, v: number): void {
    f32[0] = v
    this.store32(addr, u32[0]!)
  }
  storeF64(addr: number, v: number): void {
    if (this._ua.writeF64(addr, v) < 0) this._fault(addr, 'write')
  }
  read(addr: number, len: number): Uint8Array {
    const out = new Uint8Array(len)
    if (len > 0 && this._ua.copy_from_user(out, addr, len) !== 0) this._fault(addr, 'read')
    return out
  }
  write(addr: number, data: Uint8Array): void {
    if (data.length > 0 && this._ua.copy_to_user(addr, data, data.length) !== 0) this._fault(addr, 'write')
  }
  fill(addr: number, byte: number, len: number): void {
    if (len > 0 && this._ua.fill_user(addr, byte & 0xff, len) !== 0) this._fault(addr, 'write')
  }

  /** The loader's fixed anonymous mappings (ELF segments, the stack). */
  map(addr: number, len: number, prot: number, _name: string): void {
    const r = this.kernel.mmap(this.task, addr, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED)
    if (r < 0) throw new MemoryFault(addr, 'write', 'SIGSEGV', 'SEGV_MAPERR')
  }
  protect(addr: number, len: number, prot: number): void {
    this.kernel.mprotect(this.task, addr, len, prot)
  }
}
