/**
 * Hostile input never escapes as a host exception: random, mostly absurd arguments (NULL, wild
 * and unaligned pointers, holes, SIZE_MAX and other bigints, negative numbers, huge lengths,
 * offsets not multiples of 8, unknown ioctl commands and whence values, random gup_test structs)
 * go through the libc natives of a real machine's process into the kernel: read/pread on
 * /proc/PID/pagemap, /proc/PID/mem, /proc/kpageflags, /proc/kpagecount, /sys/kernel/debug/gup_test
 * and a regular file, write/pwrite, lseek, ioctl, mmap, munmap, mprotect, madvise, mlock, munlock,
 * msync, mremap, mincore.
 * Each call must return a valid result or -1 with an errno the man page lists for that call, and
 * the kernel's invariants (reference §6, k.checkInvariants()) must hold after every step.
 * Fixed seed: PINLAB_PROPERTY_SEED ?? 20120209. Versions 4.4, 5.10 and 6.18 (gup_test from 5.11).
 */
import { afterAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { HEADERS } from '../../../../electron/userland/include'
import { compileInMachine } from '../../../../electron/userland/os/cc-driver'
import { Machine } from '../../../../electron/userland/os/machine'
import { libc } from '../../../../electron/userland/libc'
import { errnoAddress } from '../../../../electron/userland/libc/errno'
import type { NativeContext, Thread } from '../../../../electron/userland/cc/vm'
import type { Value } from '../../../../electron/userland/cc/ast'
import { ERRNO } from '../../../../electron/kernel/include/uapi/asm-generic/errno-base'
import { O_CREAT, O_RDONLY, O_RDWR } from '../../../../electron/kernel/fs/file'
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../../../electron/kernel/include/uapi/asm-generic/mman-common'
import type { TaskStruct } from '../../../../electron/kernel'
import type { KernelVersion } from '../../../../shared/kernel-versions'
import type { ProgramImage } from '../../../../electron/userland/cc/link'
import { MemoryFault } from '../../../../electron/userland/cc/memory'

const SEED = Number(process.env.PINLAB_PROPERTY_SEED ?? 20120209)
const fns = libc().functions
const E = ERRNO

/** The errno values each call's man page lists (Linux x86-64). */
const ALLOWED: Record<string, number[]> = {
  read: [E.EBADF, E.EINVAL, E.EFAULT, E.EIO, E.EISDIR],
  pread: [E.EBADF, E.EINVAL, E.EFAULT, E.EIO, E.EISDIR, E.ESPIPE],
  write: [E.EBADF, E.EINVAL, E.EFAULT, E.EIO, E.EFBIG, E.EPERM, E.ENOSPC],
  pwrite: [E.EBADF, E.EINVAL, E.EFAULT, E.EIO, E.EFBIG, E.EPERM, E.ENOSPC, E.ESPIPE],
  lseek: [E.EBADF, E.EINVAL, E.ESPIPE, E.EOVERFLOW],
  ioctl: [E.EBADF, E.EFAULT, E.EINVAL, E.ENOTTY, E.ENOMEM],
  mmap: [E.EINVAL, E.ENOMEM, E.EBADF, E.EACCES, E.ENODEV, E.EPERM, E.EEXIST, E.EOVERFLOW, E.EAGAIN],
  munmap: [E.EINVAL],
  mprotect: [E.EINVAL, E.ENOMEM, E.EACCES],
  madvise: [E.EINVAL, E.ENOMEM, E.EBADF, E.EAGAIN, E.EPERM, E.EFAULT, E.EIO],
  mlock: [E.EINVAL, E.ENOMEM, E.EPERM, E.EAGAIN],
  msync: [E.EINVAL, E.ENOMEM, E.EBUSY, E.EIO],
  mincore: [E.EINVAL, E.ENOMEM, E.EFAULT, E.EAGAIN],
  mremap: [E.EINVAL, E.ENOMEM, E.EFAULT, E.EAGAIN],
  munlock: [E.EINVAL, E.ENOMEM, E.EPERM, E.EAGAIN]
}

interface Env {
  m: Machine
  task: TaskStruct
  t: Thread
  ctx: (name: string) => NativeContext
  fds: number[]
  arena: number
  hole: number
}

const machines: Machine[] = []
afterAll(() => {
  for (const m of machines.splice(0)) m.dispose()
})

let image: ProgramImage | null = null

/** A fresh machine with one C process (never scheduled) whose main thread makes the calls. */
function setup(kernel: KernelVersion): Env {
  const m = new Machine({ kernel, headers: HEADERS, seed: 7 })
  machines.push(m)
  if (!image) {
    m.vfs.writeFile('/root/t.c', 'int main(void) { for (;;) ; }\n')
    const res = compileInMachine(m, '/root/t.c')
    if (!res.ok || !res.image) throw new Error(res.stderr)
    image = res.image
  }
  const sh = m.spawnNative('sh', 0, m.init, '/root')
  const p = m.spawnImage(image, { parent: sh, argv: ['./t'] })
  if (typeof p === 'number') throw new Error(`spawn: ${p}`)
  const t = p.threads[0]!
  const task = p.task
  const arena = m.kernel.mmap(task, 0, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
  expect(m.kernel.munmap(task, arena + 2 * 4096, 4096)).toBe(0) // arena: 2 pages, a hole, 1 page
  const cred = { uid: 0, gid: 0 }
  const paths = [`/proc/${p.pid}/pagemap`, `/proc/${p.pid}/mem`, '/proc/kpageflags', '/proc/kpagecount', '/sys/kernel/debug/gup_test', '/dev/null']
  const fds: number[] = []
  for (const path of paths) {
    const fd = m.vfs.open(p.pid, path, path.includes('mem') || path.includes('gup') || path === '/dev/null' ? O_RDWR : O_RDONLY, 0, cred)
    if (fd >= 0) fds.push(fd)
  }
  fds.push(m.vfs.open(p.pid, '/root/data', O_RDWR | O_CREAT, 0o644, cred))
  const ctx = (name: string): NativeContext => ({ thread: t, proc: t.proc, mem: t.proc.mem, argTypes: [], name })
  return { m, task, t, ctx, fds, arena, hole: arena + 2 * 4096 }
}

function errnoOf(c: NativeContext): number {
  const a = errnoAddress(c)
  return a ? c.mem.load32(a) | 0 : Number(c.proc.libc.errno)
}


/** Hostile values: small, negative, huge, bigints around 2^63/2^64, page-unaligned. */
const wild = fc.oneof(
  fc.integer({ min: -5, max: 70000 }),
  fc.constantFrom(-1, 2 ** 31, 2 ** 32 - 1, 2 ** 40, 2 ** 47, 2 ** 47 - 4096, 2 ** 52, 2 ** 53 - 1, 0x7ffff000),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
  fc.constantFrom(2n ** 64n - 1n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 4096n)
)

/** A pointer: into the arena (any offset), the hole, NULL, or wild. */
const ptr = (env: Env) => fc.oneof(fc.integer({ min: 0, max: 4 * 4096 - 1 }).map((o) => env.arena + o), fc.constant(env.hole), fc.constant(0), wild)
const fdArb = (env: Env) => fc.oneof(fc.constantFrom(...env.fds), fc.constantFrom(-1, 999, 3))
/** An offset into pagemap/mem: near the arena's entry or address, or wild. */
const offset = (env: Env) => fc.oneof(fc.integer({ min: -8, max: 8 * 4096 }).map((o) => Math.floor(env.arena / 4096) * 8 + o), fc.integer({ min: -4096, max: 5 * 4096 }).map((o) => env.arena + o), wild)
/** A length: mostly bounded (mmap/mlock of huge ranges populate for real), sometimes absurd. */
const len = fc.oneof(fc.integer({ min: 0, max: 1 << 16 }), fc.constantFrom(1, 7, 8, 9, 4096, 4097), fc.constantFrom(2n ** 64n - 1n, 2n ** 63n, 2 ** 47, -1, 2 ** 46))
const GUP_CMDS = [0xc0506701, 0xc0506702, 0xc0506703, 0xc0506704, 0xc0506705, 0xc0506706, 0x40186707, 0x6708, 0x40086709, 0x1234, 0xc050672a]

function opArb(env: Env): fc.Arbitrary<{ name: string; args: Value[]; fill: Uint8Array }> {
  const fill = fc.uint8Array({ minLength: 96, maxLength: 96 })
  const call = (name: string, ...args: fc.Arbitrary<Value>[]) => fc.tuple(fill, ...args).map(([f, ...a]) => ({ name, args: a as Value[], fill: f }))
  return fc.oneof(
    call('read', fdArb(env), ptr(env), len),
    call('pread', fdArb(env), ptr(env), len, offset(env)),
    call('write', fdArb(env), ptr(env), len),
    call('pwrite', fdArb(env), ptr(env), len, offset(env)),
    call('lseek', fdArb(env), offset(env), fc.integer({ min: -1, max: 5 })),
    call('ioctl', fdArb(env), fc.oneof(fc.constantFrom(...GUP_CMDS), fc.integer()), ptr(env)),
    call('mmap', fc.oneof(fc.constant(0), ptr(env)), len, fc.integer({ min: 0, max: 15 }), fc.oneof(fc.constantFrom(0x22, 0x02, 0x01, 0x21, 0x32, 0x100022, 0x8022), fc.integer()), fc.constantFrom(-1, ...env.fds), fc.oneof(fc.constant(0), wild)),
    call('munmap', ptr(env), len),
    call('mprotect', ptr(env), len, fc.integer({ min: -1, max: 0x3000010 })),
    call('madvise', ptr(env), len, fc.integer({ min: -1, max: 30 })),
    call('mlock', ptr(env), len),
    call('msync', ptr(env), len, fc.integer({ min: -1, max: 8 })),
    call('mincore', ptr(env), len, ptr(env)),
    call('mremap', ptr(env), len, len, fc.integer({ min: 0, max: 7 }), fc.oneof(fc.constant(0), ptr(env))),
    call('munlock', ptr(env), len)
  )
}

/**
 * One call. Returns false when the process could not go on: a hostile munmap/mprotect took away
 * the page holding errno, so glibc's errno store faults (SIGSEGV in Linux too) — the only fault
 * a syscall wrapper may raise.
 */
function check(env: Env, op: { name: string; args: Value[]; fill: Uint8Array }): boolean {
  // random bytes at the arena's start: a gup_test struct or buffer with random addr/size fields
  env.m.kernel.uaccess(env.task).copy_to_user(env.arena, op.fill, op.fill.length)
  const c = env.ctx(op.name)
  let r: unknown
  try {
    r = fns[op.name]!(c, op.args)
  } catch (e) {
    const errnoPage = Math.floor(errnoAddress(c) / 4096) * 4096
    if (e instanceof MemoryFault && Number(e.addr) >= errnoPage && Number(e.addr) < errnoPage + 4096 && env.m.kernel.uaccess(env.task).readU8(errnoPage) < 0) return false
    throw new Error(`${op.name}(${op.args.map(String).join(', ')}) threw ${String(e)}`)
  }
  const what = `${op.name}(${op.args.map(String).join(', ')}) = ${String(r)}`
  expect(['number', 'bigint'], what).toContain(typeof r)
  const n = Number(r)
  if (n === -1 && op.name !== 'lseek') {
    expect(ALLOWED[op.name], `${what} errno ${errnoOf(c)}`).toContain(errnoOf(c))
  } else if (op.name === 'read' || op.name === 'pread' || op.name === 'write' || op.name === 'pwrite') {
    expect(n, what).toBeGreaterThanOrEqual(0)
    const count = typeof op.args[2] === 'bigint' ? Number(BigInt.asUintN(64, op.args[2])) : Number(op.args[2])
    expect(n <= (count < 0 ? 2 ** 64 + count : count), what).toBe(true)
  } else if (op.name === 'mmap' || op.name === 'mremap') {
    expect(n % 4096, what).toBe(0)
  } else if (op.name !== 'lseek' && op.name !== 'ioctl') {
    expect(n, what).toBe(0)
  }
  expect(env.m.kernel.checkInvariants(), what).toEqual([])
  return true
}

describe('hostile syscall arguments through the libc natives', () => {
  for (const [i, kernel] of (['4.4', '5.10', '6.18'] as KernelVersion[]).entries()) {
    it(`${kernel}: every call returns a result or a listed errno; invariants hold`, () => {
      // the arbitraries only need the layout, which every fresh machine repeats (same seed)
      const layout = setup(kernel)
      fc.assert(
        fc.property(fc.array(opArb(layout), { minLength: 1, maxLength: 40 }), (ops) => {
          const env = setup(kernel)
          expect(env.arena).toBe(layout.arena)
          expect(env.fds).toEqual(layout.fds)
          try {
            for (const op of ops) if (!check(env, op)) break
          } finally {
            machines.splice(machines.indexOf(env.m), 1)
            env.m.dispose()
          }
        }),
        { numRuns: 25, seed: SEED + i }
      )
    }, 120_000)
  }
})
