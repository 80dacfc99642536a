/**
 * mm/gup_test.c — /sys/kernel/debug/gup_test (CONFIG_GUP_TEST), the kernel's self-test of
 * get_user_pages() and pin_user_pages(), as the selftests (cow.c, gup_longterm.c, gup_test.c)
 * drive it. Reference: userspace-api.md §6.2, kernel-semantics.md §5.3; read in mm/gup_test.c.
 *
 * The *_BENCHMARK and *_TEST commands get or pin [addr, addr + size) in chunks of
 * nr_pages_per_call, stop at the first short result, check that pinned pages look pinned (a WARN
 * in the kernel log otherwise), then put or unpin them and report the bytes processed in `size`.
 * PIN_LONGTERM_TEST_START/STOP/READ hold one long-term pin session (global, as the driver's
 * static state is) until STOP or the last close of the file; READ copies what the pinned pages
 * hold *now* — which is how cow.c sees whether a pin diverged from the process.
 *
 * Versions: the file exists from 5.11 ("mm/gup_benchmark: rename to mm/gup_test") and the
 * PIN_LONGTERM_TEST commands from 6.1 (see version.ts); before that they are -EINVAL.
 * Userspace flags: only FOLL_WRITE (bit 0, the same in every numbering) is taken from gup_flags;
 * the selftests pass nothing else by default.
 */
import type { Kernel } from '../kernel'
import type { TaskStruct } from '../include/linux/sched'
import type { CharDeviceOps } from '../fs/inode'
import { folio_maybe_dma_pinned } from '../include/linux/page_ref'
import { FOLL_LONGTERM, FOLL_WRITE } from '../include/linux/mm'
import { EFAULT, EINVAL, ENOMEM } from '../include/uapi/asm-generic/errno'
import { KERN_INFO } from '../kernel/printk'
import { dump_page } from './debug_page'
import { folio_is_longterm_pinnable } from './gup'

/** include/uapi/asm-generic/ioctl.h: _IOC(dir, type, nr, size). */
function _IOC(dir: number, type: string, nr: number, size: number): number {
  return ((dir << 30) | (size << 16) | (type.charCodeAt(0) << 8) | nr) >>> 0
}
const IOC_WRITE = 1
const IOC_READ = 2
const SIZEOF_GUP_TEST = 80
const SIZEOF_PIN_LONGTERM_TEST = 24

export const GUP_FAST_BENCHMARK = _IOC(IOC_READ | IOC_WRITE, 'g', 1, SIZEOF_GUP_TEST)
export const PIN_FAST_BENCHMARK = _IOC(IOC_READ | IOC_WRITE, 'g', 2, SIZEOF_GUP_TEST)
export const PIN_LONGTERM_BENCHMARK = _IOC(IOC_READ | IOC_WRITE, 'g', 3, SIZEOF_GUP_TEST)
export const GUP_BASIC_TEST = _IOC(IOC_READ | IOC_WRITE, 'g', 4, SIZEOF_GUP_TEST)
export const PIN_BASIC_TEST = _IOC(IOC_READ | IOC_WRITE, 'g', 5, SIZEOF_GUP_TEST)
export const DUMP_USER_PAGES_TEST = _IOC(IOC_READ | IOC_WRITE, 'g', 6, SIZEOF_GUP_TEST)
export const PIN_LONGTERM_TEST_START = _IOC(IOC_WRITE, 'g', 7, SIZEOF_PIN_LONGTERM_TEST)
export const PIN_LONGTERM_TEST_STOP = _IOC(0, 'g', 8, 0)
export const PIN_LONGTERM_TEST_READ = _IOC(IOC_WRITE, 'g', 9, 8)

export const GUP_TEST_MAX_PAGES_TO_DUMP = 8
export const GUP_TEST_FLAG_DUMP_PAGES_USE_PIN = 0x1
export const PIN_LONGTERM_TEST_FLAG_USE_WRITE = 1
export const PIN_LONGTERM_TEST_FLAG_USE_FAST = 2

const PAGE_SIZE = 4096
const ULONG_MAX = 2n ** 64n - 1n
const LONG_MAX = 2n ** 63n - 1n

interface GupTestArgs {
  addr: bigint
  size: bigint
  nrPagesPerCall: number
  gupFlags: number
  testFlags: number
  whichPages: number[]
}

/** The gup_test device of each kernel (one debugfs file per simulated machine). */
const devices = new WeakMap<Kernel, GupTestDevice>()

/** The kernel's gup_test device, if debugfs has one (5.11+ machines); read-only use. */
export function gup_test_device(k: Kernel): GupTestDevice | null {
  return devices.get(k) ?? null
}

export class GupTestDevice implements CharDeviceOps {
  /** The long-term pin session (pin_longterm_test_pages): pfns, or null when none. */
  private _pinned: number[] | null = null
  /** Where the session's pages came from (for views: does the process still map them there?). */
  private _session: { pid: number; addr: number } | null = null

  constructor(private readonly _k: Kernel) {
    devices.set(_k, this)
  }

  /**
   * The long-term pin session, read-only (memory views): the pinning task's pid, the user
   * address and the pinned pfns in address order; null when no session is open.
   */
  longtermSession(): { pid: number; addr: number; pfns: readonly number[] } | null {
    return this._pinned && this._session ? { ...this._session, pfns: this._pinned } : null
  }

  read(): number {
    return -EINVAL
  }

  write(): number {
    return -EINVAL
  }

  /** gup_test_release(): the last close ends the long-term pin session. */
  release(): void {
    this._stop()
  }

  ioctl(task: TaskStruct, cmd: number, arg: number): number {
    switch (cmd >>> 0) {
      case GUP_FAST_BENCHMARK:
      case PIN_FAST_BENCHMARK:
      case PIN_LONGTERM_BENCHMARK:
      case GUP_BASIC_TEST:
      case PIN_BASIC_TEST:
      case DUMP_USER_PAGES_TEST:
        return this._gupTest(task, cmd >>> 0, arg)
      case PIN_LONGTERM_TEST_START:
        return this._k.has('gupTestPinLongterm') ? this._start(task, arg) : -EINVAL
      case PIN_LONGTERM_TEST_STOP:
        if (!this._k.has('gupTestPinLongterm')) return -EINVAL
        this._stop()
        return 0
      case PIN_LONGTERM_TEST_READ:
        return this._k.has('gupTestPinLongterm') ? this._read(task, arg) : -EINVAL
      default:
        return -EINVAL
    }
  }

  private _gupTest(task: TaskStruct, cmd: number, arg: number): number {
    const ua = this._k.uaccess(task)
    const raw = new Uint8Array(SIZEOF_GUP_TEST)
    if (ua.copy_from_user(raw, arg, SIZEOF_GUP_TEST) !== 0) return -EFAULT
    const dv = new DataView(raw.buffer)
    const g: GupTestArgs = {
      addr: dv.getBigUint64(16, true),
      size: dv.getBigUint64(24, true),
      nrPagesPerCall: dv.getUint32(32, true),
      gupFlags: dv.getUint32(36, true),
      testFlags: dv.getUint32(40, true),
      whichPages: Array.from({ length: GUP_TEST_MAX_PAGES_TO_DUMP }, (_, i) => dv.getUint32(44 + 4 * i, true))
    }
    if (g.addr > ULONG_MAX || g.size > ULONG_MAX || g.addr + g.size > ULONG_MAX) return -EINVAL
    // pages = kvcalloc(size / PAGE_SIZE, sizeof(void *)): kvmalloc refuses more than INT_MAX bytes.
    if (!this._kvcalloc_ok(g.size / BigInt(PAGE_SIZE))) return -ENOMEM
    const start = Number(g.addr)
    const end = Number(g.addr + g.size)
    const flags = g.gupFlags & FOLL_WRITE
    const pages: number[] = []
    const usePin = cmd === PIN_FAST_BENCHMARK || cmd === PIN_BASIC_TEST || cmd === PIN_LONGTERM_BENCHMARK ||
      (cmd === DUMP_USER_PAGES_TEST && (g.testFlags & GUP_TEST_FLAG_DUMP_PAGES_USE_PIN) !== 0)
    const t0 = this._k.clock
    let addr = start
    let nr = g.nrPagesPerCall
    while (addr < end) {
      if (nr !== g.nrPagesPerCall) break
      let next = addr + nr * PAGE_SIZE
      if (next > end) {
        next = end
        nr = Math.floor((next - addr) / PAGE_SIZE)
      }
      const got: number[] = []
      switch (cmd) {
        case GUP_FAST_BENCHMARK:
          nr = this._k.get_user_pages_fast(task, addr, nr, flags, got)
          break
        case GUP_BASIC_TEST:
          nr = this._k.get_user_pages(task, addr, nr, flags, got)
          break
        case PIN_FAST_BENCHMARK:
          nr = this._k.pin_user_pages_fast(task, addr, nr, flags, got)
          break
        case PIN_BASIC_TEST:
          nr = this._k.pin_user_pages(task, addr, nr, flags, got)
          break
        case PIN_LONGTERM_BENCHMARK:
          nr = this._k.pin_user_pages(task, addr, nr, flags | FOLL_LONGTERM, got)
          break
        case DUMP_USER_PAGES_TEST:
          nr = usePin ? this._k.pin_user_pages(task, addr, nr, flags, got) : this._k.get_user_pages(task, addr, nr, flags, got)
          break
      }
      if (nr <= 0) break
      pages.push(...got.slice(0, nr))
      addr = next
    }
    const t1 = this._k.clock
    if (usePin && cmd !== DUMP_USER_PAGES_TEST) this._verifyDmaPinned(cmd, pages)
    if (cmd === DUMP_USER_PAGES_TEST) this._dumpPages(g, pages)
    if (usePin) this._k.unpin_user_pages(pages)
    else for (const pfn of pages) this._k.put_user_page(pfn)
    const t2 = this._k.clock
    dv.setBigUint64(0, BigInt(Math.floor((t1 - t0) / 1000)), true)
    dv.setBigUint64(8, BigInt(Math.floor((t2 - t1) / 1000)), true)
    dv.setBigUint64(24, BigInt(addr - start), true)
    for (let i = 0; i < GUP_TEST_MAX_PAGES_TO_DUMP; i++) dv.setUint32(44 + 4 * i, g.whichPages[i]!, true)
    if (ua.copy_to_user(arg, raw, SIZEOF_GUP_TEST) !== 0) return -EFAULT
    return 0
  }

  private _verifyDmaPinned(cmd: number, pages: number[]): void {
    for (let i = 0; i < pages.length; i++) {
      const pfn = pages[i]!
      if (!folio_maybe_dma_pinned(this._k, pfn)) {
        this._k.warn(`pages[${i}] is NOT dma-pinned`)
        this._dumpPage(pfn, 'gup_test failure')
        break
      }
      if (cmd === PIN_LONGTERM_BENCHMARK && !folio_is_longterm_pinnable(this._k, pfn)) {
        this._k.warn(`pages[${i}] is NOT pinnable but pinned`)
        this._dumpPage(pfn, 'gup_test failure')
        break
      }
    }
  }

  private _dumpPages(g: GupTestArgs, pages: number[]): void {
    for (let i = 0; i < GUP_TEST_MAX_PAGES_TO_DUMP; i++) {
      if (g.whichPages[i]! > pages.length) {
        this._k.printk(4, `ZEROING due to out of range: .which_pages[${i}]: ${g.whichPages[i]}`)
        g.whichPages[i] = 0
      }
    }
    for (let i = 0; i < GUP_TEST_MAX_PAGES_TO_DUMP; i++) {
      const index = g.whichPages[i]!
      if (!index) continue
      this._k.printk(KERN_INFO, `---- page #${index - 1}, starting from user virt addr: 0x${g.addr.toString(16)}`)
      this._dumpPage(pages[index - 1]!, 'gup_test: dump_pages() test')
    }
  }

  /** dump_page() to the kernel log, in the shape of mm/debug.c's lines. */
  private _dumpPage(pfn: number, reason: string): void {
    const p = dump_page(this._k, pfn)
    const mapping = p.kind === 'anon' ? `anon_vma:${p.mapping}` : p.kind === 'file' ? `mapping:${p.mapping}` : p.kind
    this._k.printk(4, `page: refcount:${p.refcount} mapcount:${p.mapcount} ${mapping} index:0x${p.index.toString(16)} pfn:0x${pfn.toString(16)}`)
    this._k.printk(4, `flags: ${p.flags.length ? p.flags.join('|') : '0'}`)
    this._k.printk(4, `page dumped because: ${reason}`)
  }

  private _start(task: TaskStruct, arg: number): number {
    if (this._pinned) return -EINVAL
    const ua = this._k.uaccess(task)
    const raw = new Uint8Array(SIZEOF_PIN_LONGTERM_TEST)
    if (ua.copy_from_user(raw, arg, SIZEOF_PIN_LONGTERM_TEST) !== 0) return -EFAULT
    const dv = new DataView(raw.buffer)
    const addr = dv.getBigUint64(0, true)
    const size = dv.getBigUint64(8, true)
    const flags = dv.getUint32(16, true)
    if (flags & ~(PIN_LONGTERM_TEST_FLAG_USE_WRITE | PIN_LONGTERM_TEST_FLAG_USE_FAST)) return -EINVAL
    if ((addr | size) % BigInt(PAGE_SIZE) !== 0n) return -EINVAL
    if (size > LONG_MAX) return -EINVAL
    const nrPages = Number(size / BigInt(PAGE_SIZE))
    if (nrPages === 0) return -EINVAL
    if (!this._kvcalloc_ok(BigInt(nrPages))) return -ENOMEM
    if (addr + size > ULONG_MAX) return -EFAULT
    let gupFlags = FOLL_LONGTERM
    if (flags & PIN_LONGTERM_TEST_FLAG_USE_WRITE) gupFlags |= FOLL_WRITE
    const fast = (flags & PIN_LONGTERM_TEST_FLAG_USE_FAST) !== 0
    const pinned: number[] = []
    this._pinned = pinned
    this._session = { pid: task.pid, addr: Number(addr) }
    while (pinned.length < nrPages) {
      const at = Number(addr) + pinned.length * PAGE_SIZE
      const got: number[] = []
      const n = fast
        ? this._k.pin_user_pages_fast(task, at, nrPages - pinned.length, gupFlags, got)
        : this._k.pin_user_pages(task, at, nrPages - pinned.length, gupFlags, got)
      if (n < 0) {
        this._stop()
        return n
      }
      if (n === 0) {
        // pin_user_pages returns 0 for arguments is_valid_gup_args refuses: no progress.
        this._stop()
        return -EINVAL
      }
      pinned.push(...got.slice(0, n))
    }
    return 0
  }

  /**
   * kvcalloc(n, sizeof(void *)) of the page array: kvmalloc returns NULL (with a one-time WARN)
   * for more than INT_MAX bytes, which the driver reports as -ENOMEM. Smaller arrays are assumed
   * to be allocated (PinLab has no kernel heap to exhaust).
   */
  private _kvcalloc_ok(n: bigint): boolean {
    if (n * 8n <= 0x7fffffffn) return true
    this._k.warn('kvmalloc: size > INT_MAX')
    return false
  }

  private _stop(): void {
    if (!this._pinned) return
    if (this._pinned.length > 0) this._k.unpin_user_pages(this._pinned)
    this._pinned = null
    this._session = null
  }

  private _read(task: TaskStruct, arg: number): number {
    if (!this._pinned) return -EINVAL
    const ua = this._k.uaccess(task)
    const ptr = new Uint8Array(8)
    if (ua.copy_from_user(ptr, arg, 8) !== 0) return -EFAULT
    let user = Number(new DataView(ptr.buffer).getBigUint64(0, true))
    const page = new Uint8Array(PAGE_SIZE)
    for (const pfn of this._pinned) {
      // kmap_local_page + copy_to_user: a CPU read of the frame, not device DMA.
      this._k.phys.contents.readBytes(pfn, 0, page, 0, PAGE_SIZE)
      if (ua.copy_to_user(user, page, PAGE_SIZE) !== 0) return -EFAULT
      user += PAGE_SIZE
    }
    return 0
  }
}
