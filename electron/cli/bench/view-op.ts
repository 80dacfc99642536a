import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../kernel'
import { IB_ACCESS_LOCAL_WRITE } from '../../kernel/drivers/infiniband/core/umem'
import { ib_uverbs_cdev } from '../../kernel/drivers/infiniband/core/uverbs'
import { bootMachine } from '../../userland/os/boot'
import { buildMemoryView } from '../../host/memory-view'
import type { KernelVersion } from '../../../shared/kernel-versions'
import { timeSync } from './timing'

/**
 * `view`: building the renderer's memory picture of a machine holding the written region, an
 * MR over all of it and a forked child sharing it — the largest picture a lab draws.
 */
export function benchView(kernel: KernelVersion, pages: number): { ms: number; runs: number } {
  const machine = bootMachine({ kernel })
  try {
    const k = machine.kernel
    const task = k.createProcess({ comm: 'holder', uid: 0 })
    const ua = k.uaccess(task)
    const len = pages * 4096
    const region = k.mmap(task, 0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
    if (region < 0) throw new Error(`bench: mmap failed (${region})`)
    for (let i = 0; i < pages; i++) ua.writeU8(region + i * 4096, 1)
    const verbs = ib_uverbs_cdev(k).get_context({}, task)
    if (typeof verbs === 'number') throw new Error(`bench: ibv_open_device failed (${verbs})`)
    const mr = verbs.reg_mr(task, verbs.alloc_pd().handle, region, len, region, IB_ACCESS_LOCAL_WRITE)
    if (typeof mr === 'number') throw new Error(`bench: ibv_reg_mr failed (${mr})`)
    const child = k.fork(task)
    if (typeof child === 'number') throw new Error(`bench: fork failed (${child})`)
    let runs = 0
    const ms = timeSync(() => {
      const view = buildMemoryView(machine)
      runs = view.frames.length + view.holders.reduce((n, h) => n + h.pages.length, 0) + view.processes.reduce((n, p) => n + p.vmas.reduce((m, v) => m + v.ptes.length, 0), 0)
    })
    return { ms, runs }
  } finally {
    machine.dispose()
  }
}
