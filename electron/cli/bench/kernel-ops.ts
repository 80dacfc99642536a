import { FOLL_LONGTERM, FOLL_WRITE, MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE, type TaskStruct } from '../../kernel'
import { IB_ACCESS_LOCAL_WRITE } from '../../kernel/drivers/infiniband/core/umem'
import { ib_uverbs_cdev } from '../../kernel/drivers/infiniband/core/uverbs'
import { bootMachine } from '../../userland/os/boot'
import type { KernelVersion } from '../../../shared/kernel-versions'
import { timeSync } from './timing'

export interface KernelOpTimes {
  anon_write_fault: number
  anon_read_fault_zero: number
  fork: number
  cow_copy: number
  mprotect: number
  munmap: number
  pin_longterm: number
  reg_mr: number
  /** RSS growth (MB) once every page of the region is written. */
  regionRssMb: number
}

const PAGE = 4096

function fail(what: string, ret: unknown): never {
  throw new Error(`bench: ${what} failed (${String(ret)})`)
}

/**
 * The page-granular kernel operations of issue 9, on a fresh machine's kernel, each over a
 * region of `pages` pages, driven the way a program drives them: stores and loads through the
 * task's user-access path (which takes the fault), syscalls through the kernel's entry points.
 */
export function benchKernelOps(kernel: KernelVersion, pages: number): KernelOpTimes {
  const machine = bootMachine({ kernel })
  try {
    const k = machine.kernel
    const task: TaskStruct = k.createProcess({ comm: 'bench', uid: 0 })
    const ua = k.uaccess(task)
    const len = pages * PAGE
    const rssBefore = process.memoryUsage().rss

    const region = k.mmap(task, 0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
    if (region < 0) fail('mmap', region)
    const anon_write_fault = timeSync(() => {
      for (let i = 0; i < pages; i++) if (ua.writeU8(region + i * PAGE, 1) !== 0) fail('write fault', i)
    })
    const regionRssMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20

    const fresh = k.mmap(task, 0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
    if (fresh < 0) fail('mmap', fresh)
    const anon_read_fault_zero = timeSync(() => {
      for (let i = 0; i < pages; i++) if (ua.readU8(fresh + i * PAGE) < 0) fail('read fault', i)
    })
    k.munmap(task, fresh, len)

    let child: TaskStruct | number = -1
    const fork = timeSync(() => {
      child = k.fork(task)
    })
    if (typeof child === 'number') fail('fork', child)
    const cow_copy = timeSync(() => {
      for (let i = 0; i < pages; i++) if (ua.writeU8(region + i * PAGE, 2) !== 0) fail('COW write', i)
    })
    k.exit(child, 0)

    const mprotect = timeSync(() => {
      const a = k.mprotect(task, region, len, PROT_READ)
      const b = k.mprotect(task, region, len, PROT_READ | PROT_WRITE)
      if (a !== 0 || b !== 0) fail('mprotect', `${a}, ${b}`)
    })

    const pfns: number[] = []
    const pin_longterm = timeSync(() => {
      const n = k.pin_user_pages(task, region, pages, FOLL_WRITE | FOLL_LONGTERM, pfns)
      if (n !== pages) fail('pin_user_pages', n)
      k.unpin_user_pages(pfns, n)
    })

    const verbs = ib_uverbs_cdev(k).get_context({}, task)
    if (typeof verbs === 'number') fail('ibv_open_device', verbs)
    const pd = verbs.alloc_pd()
    const reg_mr = timeSync(() => {
      const mr = verbs.reg_mr(task, pd.handle, region, len, region, IB_ACCESS_LOCAL_WRITE)
      if (typeof mr === 'number') fail('ibv_reg_mr', mr)
      const r = verbs.dereg_mr(mr.handle, task.pid)
      if (r !== 0) fail('ibv_dereg_mr', r)
    })
    verbs.close(task.pid)

    const munmap = timeSync(() => {
      const r = k.munmap(task, region, len)
      if (r !== 0) fail('munmap', r)
    })
    return { anon_write_fault, anon_read_fault_zero, fork, cow_copy, mprotect, munmap, pin_longterm, reg_mr, regionRssMb }
  } finally {
    machine.dispose()
  }
}
