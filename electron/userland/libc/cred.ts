/**
 * setuid(2), setgid(2) and prctl(2) (PR_SET_DUMPABLE / PR_GET_DUMPABLE): the kernel side is
 * electron/kernel/kernel/cred.ts. As glibc's setxid does, setuid applies to every thread of the
 * process.
 */
import type { NativeFn } from '../cc/vm'
import { __sys_setgid, __sys_setuid, sys_prctl } from '../../kernel/kernel/cred'
import type { TaskStruct } from '../../kernel/include/linux/sched'
import { threadHost } from '../os/process'
import { machineOf, num, procOf, sysret, threadHostOf } from './runtime'

/** (uid_t) conversion of a C argument: -1 becomes 0xffffffff. */
function id(v: unknown): number {
  return Number(BigInt.asUintN(32, BigInt(Math.trunc(num(v as number)))))
}

export const credFunctions: Record<string, NativeFn> = {
  setuid: (ctx, a) => {
    const cur = threadHostOf(ctx).task
    const tasks: TaskStruct[] = [cur]
    for (const t of procOf(ctx).threads) {
      const task = threadHost(t)?.task
      if (task && task !== cur && !task.exited) tasks.push(task)
    }
    return sysret(ctx, __sys_setuid(machineOf(ctx).kernel, tasks, id(a[0])))
  },
  setgid: (ctx, a) => sysret(ctx, __sys_setgid(machineOf(ctx).kernel, threadHostOf(ctx).task, id(a[0]))),
  prctl: (ctx, a) => sysret(ctx, sys_prctl(machineOf(ctx).kernel, threadHostOf(ctx).task, num(a[0]), num(a[1] ?? 0)))
}
