import { compile, type CompileResult } from '../cc'
import { libc } from '../libc'
import { S_ISREG, type Inode } from '../../kernel/fs/inode'
import type { Machine } from './machine'

const decoder = new TextDecoder()

/**
 * Compiles a C file of the machine's file system, as `cc` inside the machine does: headers from
 * /usr/include, quoted includes next to the file, linked against PinLab's libc. Files are read
 * with the credentials of `uid` (a student cannot #include /root's files, nor a file without
 * read permission for them); only regular files are read (an #include of /dev/zero is a missing
 * file, not an endless one). `source`, when given, is the main file's text instead of what the
 * file system holds (the editor checks unsaved text).
 */
export function compileInMachine(
  machine: Machine,
  path: string,
  opts: {
    uid?: number
    cwd?: string
    defines?: Record<string, string>
    /** The main file's text; when absent it is read from the machine. */
    source?: string
    /** Consulted when a file is not in the machine (the CLI's files next to a host C file). */
    fallback?: (path: string) => string | null
  } = {}
): CompileResult {
  const cred = { uid: opts.uid ?? 0, gid: opts.uid ?? 0 }
  const cwd = machine.vfs.lookup(opts.cwd ?? '/', machine.vfs.root, cred)
  const base = typeof cwd === 'number' ? machine.vfs.root : cwd
  const readFile = (file: string): string | null => {
    const inode = machine.vfs.lookup(file, base, cred)
    if (typeof inode === 'number' || inode.children) return opts.fallback?.(file) ?? null
    if (!S_ISREG(inode.mode) || !mayRead(inode, cred.uid)) return null
    return decoder.decode(machine.vfs.contentsOf(inode))
  }
  return compile({ path, source: opts.source, readFile, includePath: ['/usr/include'], libs: [libc()], defines: opts.defines })
}

/** The read permission bit that applies to `uid` (root reads everything), as open(2) checks it. */
function mayRead(inode: Inode, uid: number): boolean {
  if (uid === 0) return true
  const bits = uid === inode.uid ? inode.mode >> 6 : uid === inode.gid ? inode.mode >> 3 : inode.mode
  return (bits & 4) !== 0
}
