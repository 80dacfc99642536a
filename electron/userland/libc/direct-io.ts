/**
 * read/write/pread/pwrite on an O_DIRECT descriptor of a block file system (ext4 in PinLab):
 * the syscall side of electron/kernel/fs/direct-io.ts. The kernel GUPs the user buffer and
 * queues the request; the calling thread then sleeps on the virtual clock until the device
 * completes it (as a task in D state does), while the other threads and processes run. The
 * retried call completes the request (DMA + page release) and returns its result.
 *
 * tmpfs accepts O_DIRECT from 6.6 but does buffered I/O, so such descriptors never come here.
 */
import { BLOCK, DONE, type NativeContext, type NativeResult } from '../cc/vm'
import { ERRNO } from '../../kernel/include/uapi/asm-generic/errno-base'
import { O_APPEND, type File } from '../../kernel/fs/file'
import { dio_complete, dio_submit, file_uses_block_dio, inode_dio_file, type DioRequest } from '../../kernel/fs/direct-io'
import { machineOf, procOf, sysret, threadHostOf } from './runtime'
import { killedByKernelBug } from './sync'
import type { Kernel } from '../../kernel/kernel'

/**
 * Handles the call if `fd` is an O_DIRECT file on a block file system; null otherwise (the
 * caller does its buffered I/O). `offset` null = at the file position (read/write).
 */
/** True while the calling thread waits for its O_DIRECT request: the retried call only completes it. */
export function directIoPending(ctx: NativeContext): boolean {
  return (ctx.thread as { dio?: DioRequest }).dio !== undefined
}

export function directIo(ctx: NativeContext, fd: number, buf: number, count: number, offset: number | null, dir: 'read' | 'write'): NativeResult | null {
  const t = ctx.thread as { dio?: DioRequest }
  const m = machineOf(ctx)
  const h = threadHostOf(ctx)
  const pending = t.dio
  if (pending) {
    if (m.now < pending.doneAt) {
      h.wakeAt = pending.doneAt
      return BLOCK
    }
    t.dio = undefined
    const r = finish(m.kernel, pending)
    m.wake()
    return sysret(ctx, r)
  }
  const file = m.vfs.file(procOf(ctx).pid, fd)
  if (typeof file === 'number' || !file_uses_block_dio(file.inode, file.flags)) return null
  if (dir === 'read' ? !file.readable : !file.writable) return sysret(ctx, -ERRNO.EBADF)
  if (offset !== null && offset < 0) return sysret(ctx, -ERRNO.EINVAL)
  if (offset === null && m.kernel.has('fPosLock')) {
    // fdget_pos (3.14+): read()/write() at the file position hold f_pos_lock for the whole call,
    // so a second thread using the same open file waits until the first one's I/O is done.
    const owner = posOwner.get(file)
    if (owner && owner.doneAt > m.now) {
      h.wakeAt = owner.doneAt
      return BLOCK
    }
    if (owner) finish(m.kernel, owner) // due: complete it and move the position now
  }
  let pos = offset ?? file.pos
  if (dir === 'write' && offset === null && file.flags & O_APPEND) pos = file.inode.size
  const target = inode_dio_file(m.kernel, file.inode, m.vfs.nameOf(file.inode))
  const req = dio_submit(m.kernel, h.task, target, dir, pos, buf, count)
  // The flush before the I/O is writeback: an ext4 BUG() there kills the caller (an I/O already
  // submitted stays pending and completes when the process exits, see finishDirectIo).
  if (killedByKernelBug(ctx)) {
    if (typeof req !== 'number') t.dio = req
    return DONE
  }
  if (typeof req === 'number') {
    if (offset === null && req > 0) file.pos = pos + req
    return sysret(ctx, req)
  }
  t.dio = req
  if (offset === null) {
    posOwner.set(file, req)
    posFile.set(req, file)
  }
  h.wakeAt = req.doneAt
  return BLOCK
}

/** The request holding each open file's f_pos_lock (read()/write() in flight on it) ... */
const posOwner = new WeakMap<File, DioRequest>()
/** ... and, the other way round, the open file whose position a request moves when done. */
const posFile = new WeakMap<DioRequest, File>()

/**
 * Completes `req` (idempotent) and, for read()/write(), advances the file position by the bytes
 * done and releases f_pos_lock — whoever gets there first: the caller's retry, a thread waiting
 * for the lock, or the exit of the caller's process.
 */
function finish(k: Kernel, req: DioRequest): number {
  const r = dio_complete(k, req)
  const file = posFile.get(req)
  if (file) {
    posFile.delete(req)
    if (r > 0) file.pos = req.pos + r
    if (posOwner.get(file) === req) posOwner.delete(file)
  }
  return r
}

/**
 * A thread in a synchronous direct I/O sleeps uninterruptibly (D state): even SIGKILL or another
 * thread's exit_group lets it leave only after the I/O is done. The machine calls this when a
 * process ends, before its memory goes away: the pending request completes now (its DMA and
 * page release happen at the exit instead of at the device time — the one approximation).
 */
export function finishDirectIo(k: Kernel, thread: object): void {
  const t = thread as { dio?: DioRequest }
  if (!t.dio) return
  finish(k, t.dio)
  t.dio = undefined
}
