import { PinlabApiError } from '../../../shared/protocol'
import { O_CREAT, O_RDONLY, O_TRUNC, O_WRONLY } from '../../kernel/fs/file'
import { ERRNO } from '../../kernel/include/uapi/asm-generic/errno-base'
import { strerror } from '../../userland/shell/os'
import type { Machine } from '../../userland/os/machine'

/** The biggest file fs.readFile returns (the editor opens sources, not disk images). */
export const MAX_READ_FILE = 1024 * 1024

/** Who touches the file: the login shell's process (its cwd resolves relative paths) and user. */
export interface FileActor {
  machine: Machine
  pid: number
  uid: number
  gid: number
}

function errnoName(errno: number): string {
  for (const [name, value] of Object.entries(ERRNO)) if (value === errno) return name
  return `errno ${errno}`
}

/** A negative errno as the API error a person reads, e.g. "Cannot save /etc/x: Permission denied (EACCES)." */
function fileError(verb: string, path: string, errno: number): PinlabApiError {
  const positive = -errno
  return new PinlabApiError('forbidden', `Cannot ${verb} ${path}: ${strerror(positive)} (${errnoName(positive)}).`)
}

/**
 * Writes `content` to `path` as the actor would with `mkdir -p` of the missing folders (mode
 * 0755) and open(O_WRONLY|O_CREAT|O_TRUNC, 0644) + write(2): the permission checks, the umask and
 * the page cache are the kernel's. A lab pack's files may sit in folders, and a save of a new
 * file in a new folder should not need a shell first. On failure nothing more is written (a
 * truncate or a folder already made stays, as with real calls) and a PinlabApiError says why.
 */
export function writeFileAs(actor: FileActor, path: string, content: string): void {
  const { machine, pid } = actor
  const cred = { uid: actor.uid, gid: actor.gid }
  makeParentsAs(actor, path)
  const fd = machine.vfs.open(pid, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644, cred)
  if (fd < 0) throw fileError('save', path, fd)
  try {
    const bytes = new TextEncoder().encode(content)
    let offset = 0
    while (offset < bytes.length) {
      const n = machine.vfs.write(pid, fd, bytes.subarray(offset))
      if (n < 0) throw fileError('save', path, n)
      if (n === 0) throw fileError('save', path, -ERRNO.ENOSPC)
      offset += n
    }
  } finally {
    machine.vfs.close(pid, fd)
  }
}

/** `mkdir -p` of the folders above `path` (an absolute path), as the actor. */
function makeParentsAs(actor: FileActor, path: string): void {
  const parts = path.split('/').filter((p) => p !== '')
  let dir = ''
  for (const part of parts.slice(0, -1)) {
    dir += `/${part}`
    const r = actor.machine.vfs.mkdir(actor.pid, dir, 0o755, { uid: actor.uid, gid: actor.gid })
    if (r < 0 && r !== -ERRNO.EEXIST) throw fileError('create the folder', dir, r)
  }
}

/** Reads `path` as the actor would (open O_RDONLY + read); a PinlabApiError says why not. */
export function readFileAs(actor: FileActor, path: string): string {
  const { machine, pid } = actor
  const fd = machine.vfs.open(pid, path, O_RDONLY, 0, { uid: actor.uid, gid: actor.gid })
  if (fd < 0) throw fileError('open', path, fd)
  try {
    const chunks: Uint8Array[] = []
    let total = 0
    for (;;) {
      const chunk = machine.vfs.read(pid, fd, 64 * 1024)
      if (typeof chunk === 'number') throw fileError('read', path, chunk)
      if (chunk.length === 0) break
      total += chunk.length
      if (total > MAX_READ_FILE) throw new PinlabApiError('too-large', `${path} is larger than ${MAX_READ_FILE / 1024} KiB; the editor opens smaller files.`)
      chunks.push(chunk)
    }
    const bytes = new Uint8Array(total)
    let at = 0
    for (const c of chunks) {
      bytes.set(c, at)
      at += c.length
    }
    return new TextDecoder().decode(bytes)
  } finally {
    machine.vfs.close(pid, fd)
  }
}
