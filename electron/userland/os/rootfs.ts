import type { Vfs } from '../../kernel/fs/vfs'
import type { Tty } from './tty'
import type { CharDeviceOps } from '../../kernel/fs/inode'

/** The users of the machine: root and an unprivileged `student`. */
export const USERS = {
  root: { uid: 0, gid: 0, home: '/root', shell: '/bin/sh' },
  student: { uid: 1000, gid: 1000, home: '/home/student', shell: '/bin/sh' }
} as const

export type UserName = keyof typeof USERS

/**
 * Builds the machine's root file system: the usual directories, the two users' homes, the
 * device nodes a program expects (/dev/null, /dev/zero, /dev/tty) and a few files in /etc.
 * `headers` are the texts of /usr/include (path → text).
 */
export function buildRootFs(
  vfs: Vfs,
  tty: Tty,
  opts: { hostname: string; headers?: Record<string, string>; gupTest?: CharDeviceOps | null }
): void {
  for (const dir of ['/bin', '/usr/bin', '/usr/lib', '/usr/include', '/etc', '/var/log', '/mnt', '/dev']) vfs.mkdirs(dir)
  vfs.mkdirs('/root', 0o700)
  // tmpfs: files there are shmem (no writeback, so long-term writable pins are allowed on them).
  vfs.mkdirs('/tmp', 0o1777).fsKind = 'shmem'
  vfs.mkdirs('/dev/shm', 0o1777).fsKind = 'shmem'
  // ext4 -o dax on a simulated pmem device: file pages are the storage blocks (kernel/fs/dax.ts).
  vfs.mkdirs('/mnt/pmem', 0o1777).dax = true
  vfs.mkdirs(USERS.student.home, 0o755, USERS.student.uid, USERS.student.gid)

  vfs.writeFile('/etc/hostname', `${opts.hostname}\n`)
  vfs.writeFile('/etc/passwd', 'root:x:0:0:root:/root:/bin/sh\nstudent:x:1000:1000:PinLab student:/home/student:/bin/sh\n')
  vfs.writeFile('/etc/group', 'root:x:0:\nstudent:x:1000:\n')
  vfs.writeFile(
    '/etc/os-release',
    'PRETTY_NAME="PinLab simulated Linux"\nNAME="PinLab"\nID=pinlab\nHOME_URL="https://docs.kernel.org/core-api/pin_user_pages.html"\n'
  )

  vfs.mknodChar('/dev/null', { read: () => new Uint8Array(0), write: (d) => d.length }, 0o666, (1 << 8) | 3)
  vfs.mknodChar('/dev/zero', { read: (n) => new Uint8Array(Math.min(n, 1 << 20)), write: (d) => d.length }, 0o666, (1 << 8) | 5)
  vfs.mknodChar('/dev/tty', tty, 0o666, (5 << 8) | 0)

  // debugfs, as root mounts it: the kernel's self-test interfaces live here (mode 0600).
  vfs.mkdirs('/sys/kernel/debug', 0o700)
  if (opts.gupTest) vfs.mknodChar('/sys/kernel/debug/gup_test', opts.gupTest, 0o600, 0)

  for (const [path, text] of Object.entries(opts.headers ?? {})) vfs.writeFile(`/usr/include/${path}`, text)
}
