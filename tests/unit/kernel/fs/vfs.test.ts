import { beforeEach, describe, expect, it } from 'vitest'
import { ERESTARTSYS, ERRNO } from '../../../../electron/kernel/include/uapi/asm-generic/errno-base'
import { type File, O_APPEND, O_CLOEXEC, O_CREAT, O_DIRECTORY, O_EXCL, O_NONBLOCK, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY } from '../../../../electron/kernel/fs/file'
import { PATH_MAX, SEEK_CUR, SEEK_END, SEEK_SET, Vfs } from '../../../../electron/kernel/fs/vfs'
import { F_SEAL_GROW, MFD_ALLOW_SEALING, memfd_create } from '../../../../electron/kernel/fs/memfd'
import { F_ADD_SEALS, F_GET_SEALS, do_fcntl } from '../../../../electron/kernel/fs/fcntl'

const root = { uid: 0, gid: 0 }
const student = { uid: 1000, gid: 1000 }
const text = (b: Uint8Array | number) => (typeof b === 'number' ? b : new TextDecoder().decode(b))
const bytes = (s: string) => new TextEncoder().encode(s)

let vfs: Vfs
beforeEach(() => {
  vfs = new Vfs()
  vfs.mkdirs('/root', 0o700)
  vfs.mkdirs('/home/student', 0o755, 1000, 1000)
  vfs.mkdirs('/tmp', 0o777)
  vfs.writeFile('/etc/passwd', 'root:x:0:0::/root:/bin/sh\n', 0o644)
  vfs.writeFile('/etc/shadow', 'secret', 0o600)
  vfs.attach(1, '/root')
  vfs.attach(2, '/home/student')
})

describe('open, read, write, lseek', () => {
  it('creates a file, writes, seeks and reads it back', () => {
    const fd = vfs.open(1, 'notes.txt', O_CREAT | O_RDWR, 0o644, root)
    expect(fd).toBe(0) // the lowest free descriptor
    expect(vfs.write(1, fd, bytes('hello world'))).toBe(11)
    expect(vfs.lseek(1, fd, 6, SEEK_SET)).toBe(6)
    expect(text(vfs.read(1, fd, 100))).toBe('world')
    expect(text(vfs.read(1, fd, 100))).toBe('') // end of file
    expect(vfs.lseek(1, fd, -5, SEEK_END)).toBe(6)
    expect(vfs.lseek(1, fd, 2, SEEK_CUR)).toBe(8)
    expect(vfs.lseek(1, fd, -100, SEEK_CUR)).toBe(-ERRNO.EINVAL)
    expect(vfs.lseek(1, fd, 0, 7)).toBe(-ERRNO.EINVAL)
  })

  it('writing past the end leaves a zero-filled hole', () => {
    const fd = vfs.open(1, '/tmp/hole', O_CREAT | O_RDWR, 0o644, root)
    vfs.pwrite(1, fd, bytes('x'), 10)
    const all = vfs.pread(1, fd, 100, 0) as Uint8Array
    expect(all.length).toBe(11)
    expect([...all.subarray(0, 10)]).toEqual(new Array(10).fill(0))
  })

  it('O_APPEND always writes at the end, O_TRUNC empties, O_EXCL refuses an existing file', () => {
    const a = vfs.open(1, '/tmp/log', O_CREAT | O_WRONLY | O_APPEND, 0o644, root)
    vfs.write(1, a, bytes('one '))
    vfs.lseek(1, a, 0, SEEK_SET)
    vfs.write(1, a, bytes('two'))
    const r = vfs.open(1, '/tmp/log', O_RDONLY, 0, root)
    expect(text(vfs.read(1, r, 100))).toBe('one two')
    expect(vfs.open(1, '/tmp/log', O_CREAT | O_EXCL | O_WRONLY, 0o644, root)).toBe(-ERRNO.EEXIST)
    vfs.open(1, '/tmp/log', O_WRONLY | O_TRUNC, 0, root)
    expect(vfs.fstat(1, r)).toMatchObject({ size: 0 })
  })

  it('gives the errno Linux gives for bad opens and bad descriptors', () => {
    expect(vfs.open(1, '/nope/file', O_RDONLY, 0, root)).toBe(-ERRNO.ENOENT)
    expect(vfs.open(1, '/etc/passwd/x', O_RDONLY, 0, root)).toBe(-ERRNO.ENOTDIR)
    expect(vfs.open(1, '/tmp', O_WRONLY, 0, root)).toBe(-ERRNO.EISDIR)
    expect(vfs.open(1, '/etc/passwd', O_RDONLY | O_DIRECTORY, 0, root)).toBe(-ERRNO.ENOTDIR)
    expect(vfs.open(1, '', O_RDONLY, 0, root)).toBe(-ERRNO.ENOENT)
    expect(vfs.open(1, 'a'.repeat(PATH_MAX), O_RDONLY, 0, root)).toBe(-ERRNO.ENAMETOOLONG)
    expect(vfs.open(1, '/tmp/' + 'a'.repeat(256), O_CREAT | O_RDWR, 0o644, root)).toBe(-ERRNO.ENAMETOOLONG)
    expect(vfs.read(1, 42, 10)).toBe(-ERRNO.EBADF)
    expect(vfs.read(1, -1, 10)).toBe(-ERRNO.EBADF)
    expect(vfs.close(1, 7)).toBe(-ERRNO.EBADF)
    const w = vfs.open(1, '/tmp/w', O_CREAT | O_WRONLY, 0o644, root)
    expect(vfs.read(1, w, 1)).toBe(-ERRNO.EBADF)
    const r = vfs.open(1, '/etc/passwd', O_RDONLY, 0, root)
    expect(vfs.write(1, r, bytes('x'))).toBe(-ERRNO.EBADF)
  })

  it('checks permissions for an unprivileged user and lets root through', () => {
    expect(vfs.open(2, '/etc/shadow', O_RDONLY, 0, student)).toBe(-ERRNO.EACCES)
    expect(vfs.open(2, '/etc/passwd', O_WRONLY, 0, student)).toBe(-ERRNO.EACCES)
    expect(vfs.open(2, '/root/x', O_CREAT | O_WRONLY, 0o644, student)).toBe(-ERRNO.EACCES)
    expect(vfs.open(2, 'mine.c', O_CREAT | O_WRONLY, 0o644, student)).toBeGreaterThanOrEqual(0)
    expect(vfs.stat(2, 'mine.c', student)).toMatchObject({ uid: 1000, mode: 0o100644 })
    expect(vfs.open(1, '/etc/shadow', O_RDONLY, 0, root)).toBeGreaterThanOrEqual(0)
  })
})

describe('directories', () => {
  it('mkdir, readdir in creation order, unlink and rmdir with their errors', () => {
    expect(vfs.mkdir(1, '/tmp/d', 0o755, root)).toBe(0)
    expect(vfs.mkdir(1, '/tmp/d', 0o755, root)).toBe(-ERRNO.EEXIST)
    vfs.open(1, '/tmp/d/b', O_CREAT | O_WRONLY, 0o644, root)
    vfs.open(1, '/tmp/d/a', O_CREAT | O_WRONLY, 0o644, root)
    const names = (vfs.readdir(1, '/tmp/d', root) as Array<{ name: string }>).map((e) => e.name)
    expect(names).toEqual(['.', '..', 'b', 'a'])
    expect(vfs.rmdir(1, '/tmp/d', root)).toBe(-ERRNO.ENOTEMPTY)
    expect(vfs.unlink(1, '/tmp/d', root)).toBe(-ERRNO.EISDIR)
    expect(vfs.unlink(1, '/tmp/d/a', root)).toBe(0)
    expect(vfs.unlink(1, '/tmp/d/a', root)).toBe(-ERRNO.ENOENT)
    expect(vfs.rmdir(1, '/tmp/d/b', root)).toBe(-ERRNO.ENOTDIR)
    vfs.unlink(1, '/tmp/d/b', root)
    expect(vfs.rmdir(1, '/tmp/d', root)).toBe(0)
  })

  it('an unlinked file stays readable through a descriptor that is still open', () => {
    const fd = vfs.open(1, '/tmp/gone', O_CREAT | O_RDWR, 0o644, root)
    vfs.write(1, fd, bytes('still here'))
    vfs.unlink(1, '/tmp/gone', root)
    expect(text(vfs.pread(1, fd, 100, 0))).toBe('still here')
  })

  it('chdir and getcwd, with .. at the root staying at the root', () => {
    expect(vfs.getcwd(1)).toBe('/root')
    expect(vfs.chdir(1, '../../..', root)).toBe(0)
    expect(vfs.getcwd(1)).toBe('/')
    expect(vfs.chdir(1, '/etc/passwd', root)).toBe(-ERRNO.ENOTDIR)
    expect(vfs.chdir(2, '/root', student)).toBe(-ERRNO.EACCES)
  })
})

describe('descriptors across dup and fork', () => {
  it('dup2 shares the file position; close-on-exec descriptors close on exec', () => {
    const fd = vfs.open(1, '/etc/passwd', O_RDONLY | O_CLOEXEC, 0, root)
    expect(vfs.dup2(1, fd, 5)).toBe(5)
    vfs.read(1, fd, 4)
    expect(text(vfs.read(1, 5, 4))).toBe(':x:0')
    vfs.exec(1)
    expect(vfs.read(1, fd, 1)).toBe(-ERRNO.EBADF)
    expect(vfs.read(1, 5, 1)).not.toBe(-ERRNO.EBADF) // dup2 clears FD_CLOEXEC
  })

  it('fork shares open file descriptions with the child', () => {
    const fd = vfs.open(1, '/etc/passwd', O_RDONLY, 0, root)
    vfs.fork(1, 3)
    vfs.read(3, fd, 5)
    expect(text(vfs.read(1, fd, 2))).toBe('x:')
    vfs.exit(3)
    expect(text(vfs.read(1, fd, 1))).toBe('0')
  })

  it('hands out at most 1024 descriptors', () => {
    let last = 0
    for (let i = 0; i < 1030; i++) last = vfs.open(1, '/etc/passwd', O_RDONLY, 0, root)
    expect(last).toBe(-ERRNO.EMFILE)
  })
})

describe('pipes', () => {
  it('reads what was written, blocks when empty and sees end of file when writers are gone', () => {
    const [r, w] = vfs.pipe(1) as [number, number]
    expect(vfs.read(1, r, 10)).toBe(-ERESTARTSYS)
    expect(vfs.write(1, w, bytes('abc'))).toBe(3)
    expect(text(vfs.read(1, r, 2))).toBe('ab')
    expect(text(vfs.read(1, r, 2))).toBe('c')
    vfs.close(1, w)
    expect(text(vfs.read(1, r, 2))).toBe('')
  })

  it('O_NONBLOCK gives EAGAIN instead of blocking, and seeking a pipe is ESPIPE', () => {
    const [r, w] = vfs.pipe(1, O_NONBLOCK) as [number, number]
    expect(vfs.read(1, r, 10)).toBe(-ERRNO.EAGAIN)
    expect(vfs.lseek(1, r, 0, SEEK_SET)).toBe(-ERRNO.ESPIPE)
    expect(vfs.pread(1, r, 1, 0)).toBe(-ERRNO.ESPIPE)
    expect(vfs.write(1, w, new Uint8Array(70000))).toBe(65536) // the pipe's capacity
    expect(vfs.write(1, w, bytes('x'))).toBe(-ERRNO.EAGAIN)
  })

  it('writing with no reader left is EPIPE', () => {
    const [r, w] = vfs.pipe(1) as [number, number]
    vfs.close(1, r)
    expect(vfs.write(1, w, bytes('x'))).toBe(-ERRNO.EPIPE)
  })

  it('a pipe stays open in the child after fork until both sides close it', () => {
    const [r, w] = vfs.pipe(1) as [number, number]
    vfs.fork(1, 3)
    vfs.close(1, w)
    expect(vfs.read(1, r, 1)).toBe(-ERESTARTSYS) // the child still holds a writer
    vfs.write(3, w, bytes('z'))
    vfs.exit(3)
    expect(text(vfs.read(1, r, 5))).toBe('z')
    expect(text(vfs.read(1, r, 5))).toBe('')
  })
})

describe('clone for snapshots', () => {
  it('shares nothing mutable with the original', () => {
    const fd = vfs.open(1, '/tmp/f', O_CREAT | O_RDWR, 0o644, root)
    vfs.write(1, fd, bytes('before'))
    const [r, w] = vfs.pipe(1) as [number, number]
    vfs.write(1, w, bytes('p'))
    const copy = vfs.clone()
    vfs.pwrite(1, fd, bytes('AFTER!'), 0)
    vfs.read(1, r, 1)
    vfs.mkdir(1, '/tmp/new', 0o755, root)
    expect(text(copy.pread(1, fd, 100, 0))).toBe('before')
    expect(text(copy.read(1, r, 1))).toBe('p')
    expect(copy.stat(1, '/tmp/new', root)).toBe(-ERRNO.ENOENT)
    expect(copy.getcwd(1)).toBe('/root')
    expect(copy.lseek(1, fd, 0, SEEK_CUR)).toBe(6)
  })

  it('keeps one copy of an unlinked file that several descriptors open (a memfd and its dup)', () => {
    const fd = memfd_create(vfs, 1, 'buf', MFD_ALLOW_SEALING, root, MFD_ALLOW_SEALING)
    const dup = vfs.dup(1, fd)
    vfs.write(1, fd, bytes('one'))
    expect(do_fcntl(vfs, 1, fd, F_ADD_SEALS, F_SEAL_GROW, 0xf)).toBe(0)
    const copy = vfs.clone()
    expect(copy.pwrite(1, fd, bytes('TWO'), 0)).toBe(3)
    expect(text(copy.pread(1, dup, 10, 0))).toBe('TWO')
    expect(text(vfs.pread(1, dup, 10, 0))).toBe('one')
    expect(copy.nameOf((copy.file(1, dup) as File).inode)).toBe('/memfd:buf (deleted)')
    expect(do_fcntl(copy, 1, dup, F_GET_SEALS, 0, 0xf)).toBe(F_SEAL_GROW)
  })
})

describe('synthetic files (the hooks procfs uses)', () => {
  it('looks up and lists a dynamic directory for the calling process, and snapshots generated files at open', () => {
    const proc = vfs.mkdirs('/proc')
    let counter = 0
    const file = (text: () => string) => {
      const inode = vfs.createInode(0o100444)
      inode.generate = () => bytes(text())
      return inode
    }
    proc.dynamic = {
      list: () => ['self', 'count'],
      lookup: (name, caller) => (name === 'self' ? file(() => `pid ${caller}\n`) : name === 'count' ? file(() => `${++counter}\n`) : null)
    }
    const fd = vfs.open(2, '/proc/self', O_RDONLY, 0, student)
    expect(text(vfs.read(2, fd, 100))).toBe('pid 2\n')
    const c = vfs.open(1, '/proc/count', O_RDONLY, 0, root)
    expect(text(vfs.read(1, c, 100))).toBe('1\n')
    expect(text(vfs.pread(1, c, 100, 0))).toBe('1\n') // the snapshot taken at open
    expect(vfs.open(1, '/proc/nope', O_RDONLY, 0, root)).toBe(-ERRNO.ENOENT)
    expect((vfs.readdir(1, '/proc', root) as Array<{ name: string }>).map((e) => e.name)).toEqual(['.', '..', 'self', 'count'])
  })

  it('routes positional reads and writes to a device that wants the offset', () => {
    const inode = vfs.mknodChar('/dev/positional', {
      read: () => -ERRNO.EINVAL,
      write: () => -ERRNO.EINVAL,
      readAt: (_caller, pos, count) => bytes(`@${pos}:${count}`),
      writeAt: (_caller, pos, data) => (pos === 8 ? data.length : -ERRNO.EIO)
    })
    void inode
    const fd = vfs.open(1, '/dev/positional', O_RDWR, 0, root)
    expect(text(vfs.pread(1, fd, 4, 4096))).toBe('@4096:4')
    expect(vfs.lseek(1, fd, 8, SEEK_SET)).toBe(8)
    expect(vfs.write(1, fd, bytes('xy'))).toBe(2)
    expect(vfs.lseek(1, fd, 0, SEEK_CUR)).toBe(10)
    expect(vfs.pwrite(1, fd, bytes('z'), 0)).toBe(-ERRNO.EIO)
  })
})

describe('chmod and fchmod', () => {
  it('lets the owner and root change permission bits and refuses anyone else', () => {
    vfs.writeFile('/tmp/f', 'x', 0o644, 1000, 1000)
    expect(vfs.chmod(2, '/tmp/f', 0o600, student)).toBe(0)
    expect((vfs.stat(2, '/tmp/f', student) as { mode: number }).mode & 0o7777).toBe(0o600)
    expect(vfs.chmod(1, '/etc/passwd', 0o600, student)).toBe(-ERRNO.EPERM)
    expect(vfs.chmod(1, '/etc/passwd', 0o600, root)).toBe(0)
    expect(vfs.chmod(1, '/nope', 0o600, root)).toBe(-ERRNO.ENOENT)
    expect(vfs.fchmod(1, 99, 0o600, root)).toBe(-ERRNO.EBADF)
  })
})
