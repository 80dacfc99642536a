import { compile, type CompileResult } from '../cc'
import { libc } from '../libc'
import type { Machine } from './machine'

const decoder = new TextDecoder()

/**
 * Compiles a C file of the machine's file system, as `cc` inside the machine does: headers from
 * /usr/include, quoted includes next to the file, linked against PinLab's libc. Files are read
 * with the credentials of `uid` (a student cannot #include /root's files).
 */
export function compileInMachine(
  machine: Machine,
  path: string,
  opts: {
    uid?: number
    cwd?: string
    defines?: Record<string, string>
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
    return decoder.decode(machine.vfs.contentsOf(inode))
  }
  return compile({ path, readFile, includePath: ['/usr/include'], libs: [libc()], defines: opts.defines })
}
