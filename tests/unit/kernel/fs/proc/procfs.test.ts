import { describe, expect, it } from 'vitest'
import { ERRNO } from '../../../../../electron/kernel/include/uapi/asm-generic/errno-base'
import { FOLL_WRITE, MADV_DONTNEED, MAP_PRIVATE, PROT_NONE, PROT_READ, PROT_WRITE, TASK_SIZE, VM_FAULT_WRITE } from '../../../../../electron/kernel'
import { O_RDONLY, O_RDWR } from '../../../../../electron/kernel/fs/file'
import { SEEK_SET } from '../../../../../electron/kernel/fs/vfs'
import { vma_header_line } from '../../../../../electron/kernel/fs/proc'
import { bytes, procMachine, text } from './setup'

const PAGE = 4096

describe('/proc and /proc/self', () => {
  it('/proc/self is the caller; /proc/PID exists for live processes only', () => {
    const m = procMachine()
    const a = m.spawn(0)
    const b = m.spawn(1000)
    expect(m.cat(a, '/proc/self/status')).toContain(`\nPid:\t${a.pid}\n`)
    expect(m.cat(b, '/proc/self/status')).toContain(`\nPid:\t${b.pid}\n`)
    expect(m.cat(a, `/proc/${b.pid}/status`)).toContain(`\nPid:\t${b.pid}\n`)
    expect(m.cat(a, '/proc/99/status')).toBe(-ERRNO.ENOENT)
    expect(m.cat(a, '/proc/0/status')).toBe(-ERRNO.ENOENT)
    expect(m.cat(a, '/proc/01/status')).toBe(-ERRNO.ENOENT)
    expect(m.cat(a, '/proc/self/nonexistent')).toBe(-ERRNO.ENOENT)
    const names = (m.vfs.readdir(a.pid, '/proc', m.cred(a)) as Array<{ name: string }>).map((e) => e.name)
    expect(names).toEqual(expect.arrayContaining(['self', 'meminfo', 'vmstat', 'kpageflags', String(a.pid), String(b.pid)]))
    m.procs.delete(b.pid)
    expect(m.cat(a, `/proc/${b.pid}/status`)).toBe(-ERRNO.ENOENT)
  })

  it('cmdline is argv with NULs; comm ends in a newline', () => {
    const m = procMachine()
    const a = m.spawn(0, ['/usr/bin/prog', '-x', ''])
    expect(m.cat(a, '/proc/self/cmdline')).toBe('/usr/bin/prog\0-x\0\0')
    expect(m.cat(a, '/proc/self/comm')).toBe('prog\n')
    expect(m.cat(a, '/proc/self/environ')).toBe('HOME=/root\0PATH=/bin\0')
    const other = m.spawn(1000)
    expect(m.cat(other, `/proc/${a.pid}/environ`)).toBe(-ERRNO.EACCES) // 0400, owned by root
  })

  it('per-process files belong to the process uid; pagemap 0400, mem 0600; kpageflags is root-only', () => {
    const m = procMachine()
    const root = m.spawn(0)
    const alice = m.spawn(1000)
    const bob = m.spawn(1001)
    const st = m.vfs.stat(root.pid, `/proc/${alice.pid}/pagemap`, m.cred(root))
    expect(st).toMatchObject({ uid: 1000 })
    expect((st as { mode: number }).mode & 0o7777).toBe(0o400)
    expect(m.vfs.open(bob.pid, `/proc/${alice.pid}/pagemap`, O_RDONLY, 0, m.cred(bob))).toBe(-ERRNO.EACCES)
    expect(m.vfs.open(bob.pid, `/proc/${alice.pid}/mem`, O_RDONLY, 0, m.cred(bob))).toBe(-ERRNO.EACCES)
    expect(m.vfs.open(alice.pid, '/proc/self/mem', O_RDWR, 0, m.cred(alice))).toBeGreaterThanOrEqual(0)
    expect(m.vfs.open(root.pid, `/proc/${alice.pid}/mem`, O_RDWR, 0, m.cred(root))).toBeGreaterThanOrEqual(0)
    // another process of the same uid is still refused (simplified ptrace check)
    const alice2 = m.spawn(1000)
    expect(m.vfs.open(alice2.pid, `/proc/${alice.pid}/mem`, O_RDONLY, 0, m.cred(alice2))).toBe(-ERRNO.EACCES)
    // PTRACE_MODE_READ files (maps, smaps, pagemap): same uid or root; status and cmdline: anyone
    expect(m.cat(alice2, `/proc/${alice.pid}/maps`)).toBe('')
    expect(m.cat(bob, `/proc/${alice.pid}/maps`)).toBe(-ERRNO.EACCES)
    expect(m.cat(bob, `/proc/${alice.pid}/smaps_rollup`)).toBe(-ERRNO.EACCES)
    expect(m.cat(bob, `/proc/${alice.pid}/status`)).toContain(`\nUid:\t1000\t`)
    expect(m.cat(bob, `/proc/${alice.pid}/cmdline`)).toBe('./a.out\0')
    expect(m.vfs.open(alice.pid, '/proc/kpageflags', O_RDONLY, 0, m.cred(alice))).toBe(-ERRNO.EACCES)
    expect(m.vfs.open(alice.pid, '/proc/kpagecount', O_RDONLY, 0, m.cred(alice))).toBe(-ERRNO.EACCES)
    expect(m.vfs.open(root.pid, '/proc/kpageflags', O_RDONLY, 0, m.cred(root))).toBeGreaterThanOrEqual(0)
  })
})

describe('/proc/PID/maps', () => {
  it('pads named lines to column 73 and leaves a trailing space on anonymous ones', () => {
    expect(vma_header_line(0x7f0000000000, 0x7f0000002000, 0x3, { pgoff: 0, major: 0, minor: 0, ino: 0, name: null })).toBe(
      '7f0000000000-7f0000002000 rw-p 00000000 00:00 0 '
    )
    const named = vma_header_line(0x55906dc69000, 0x55906dc6b000, 0x1, { pgoff: 0, major: 0xfe, minor: 0, ino: 260131, name: '/usr/bin/cat' })
    expect(named).toBe('55906dc69000-55906dc6b000 r--p 00000000 fe:00 260131                     /usr/bin/cat')
    expect(named.indexOf('/usr')).toBe(73)
    // the observed vsyscall line: short inode, wider addresses
    expect(vma_header_line(0xffffffffff600000, 0xffffffffff601000, 0x4, { pgoff: 0, major: 0, minor: 0, ino: 0, name: '[vsyscall]' })).toBe(
      'ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]'
    )
    // addresses below 2^32 print at least 8 digits
    expect(vma_header_line(0x400000, 0x401000, 0x5, { pgoff: 0x1000, major: 8, minor: 3, ino: 12, name: null })).toBe(
      '00400000-00401000 r-xp 00001000 08:03 12 '
    )
  })

  it('shows file, shared-anon, heap and stack VMAs and mprotect splits', () => {
    const m = procMachine()
    const t = m.spawn(0)
    const a = m.anon(t, 3)
    m.k.mprotect(t, a + PAGE, PAGE, PROT_READ)
    const { f } = m.file({ pages: 2, path: '/etc/data.bin' })
    const fa = m.k.mmap(t, 0, 2 * PAGE, PROT_READ, MAP_PRIVATE, f, PAGE)
    const s = m.anon(t, 1, PROT_READ | PROT_WRITE, true)
    const mm = t.mm!
    const heap = m.k.brk(t, mm.brk + 2 * PAGE)
    expect(heap).toBe(mm.brk)
    const stack = m.anon(t, 4)
    m.procs.get(t.pid)!.startStack = stack + 4 * PAGE - 16
    const maps = m.cat(t, '/proc/self/maps') as string
    const line = (addr: number) => maps.split('\n').find((l) => l.startsWith(addr.toString(16).padStart(8, '0') + '-'))!
    expect(line(a)).toBe(`${a.toString(16)}-${(a + PAGE).toString(16)} rw-p 00000000 00:00 0 `)
    expect(line(a + PAGE)).toMatch(/ r--p 00000000 00:00 0 $/)
    expect(line(fa)).toMatch(/ r--p 00001000 08:03 \d+ +\/etc\/data\.bin$/)
    expect(line(fa).indexOf('/etc')).toBe(73)
    expect(line(s)).toMatch(/ rw-s 00000000 00:01 \d+ +\/dev\/zero \(deleted\)$/)
    expect(maps).toMatch(/ rw-p 00000000 00:00 0 {26}\[heap\]\n/)
    expect(line(stack).endsWith(' [stack]')).toBe(true)
  })

  it('smaps: the block of an mlocked VMA; smaps_rollup header', () => {
    const m = procMachine()
    const t = m.spawn(0)
    const a = m.anon(t, 4)
    expect(m.k.mlock(t, a, 4 * PAGE)).toBe(0)
    const smaps = m.cat(t, '/proc/self/smaps') as string
    const block = smaps.slice(smaps.indexOf(a.toString(16)))
    expect(block).toMatch(/^\S+ rw-p 00000000 00:00 0 \nSize: {17}16 kB\nKernelPageSize: {8}4 kB\nMMUPageSize: {11}4 kB\nRss: {18}16 kB\nPss: {18}16 kB\n/)
    expect(block).toContain('\nLocked:               16 kB\nTHPeligible:           0\nVmFlags: rd wr mr mw me lo ac \n')
    const rollup = m.cat(t, '/proc/self/smaps_rollup') as string
    expect(rollup.split('\n')[0]).toMatch(/^[0-9a-f]+-[0-9a-f]+ ---p 00000000 00:00 0 +\[rollup\]$/)
    expect(rollup.split('\n')[0]!.indexOf('[rollup]')).toBe(73)
    expect(rollup).toContain('\nPss_Anon:             16 kB\n')
  })
})

describe('/proc/PID/status memory lines', () => {
  it('are `Label:\\t%8lu kB` and count anon, shmem and locked pages (the zero page is not RSS)', () => {
    const m = procMachine()
    const t = m.spawn(0)
    const a = m.anon(t, 8)
    const ua = m.k.uaccess(t)
    for (let i = 0; i < 4; i++) ua.writeU8(a + i * PAGE, 1)
    ua.readU8(a + 5 * PAGE) // zero page
    const s = m.anon(t, 2, PROT_READ | PROT_WRITE, true)
    ua.writeU8(s, 1)
    m.k.mlock(t, a + 6 * PAGE, 2 * PAGE)
    const status = m.cat(t, '/proc/self/status') as string
    const memLines = status.split('\n').filter((l) => /^(Vm|Rss|Hugetlb)/.test(l))
    expect(memLines.map((l) => l.split(':')[0])).toEqual([
      'VmPeak', 'VmSize', 'VmLck', 'VmPin', 'VmHWM', 'VmRSS', 'RssAnon', 'RssFile', 'RssShmem', 'VmData', 'VmStk', 'VmExe', 'VmLib', 'VmPTE', 'VmSwap', 'HugetlbPages'
    ])
    for (const l of memLines) expect(l).toMatch(/^\w+:\t[ \d]{7}\d kB$/)
    expect(status).toContain('\nVmSize:\t      40 kB\n')
    expect(status).toContain('\nVmLck:\t       8 kB\n')
    expect(status).toContain('\nRssAnon:\t      24 kB\n') // 4 written + 2 populated by mlock
    expect(status).toContain('\nRssShmem:\t       4 kB\n')
    expect(status).toContain('\nVmRSS:\t      28 kB\n')
    expect(status).toContain('\nVmData:\t      32 kB\n')
  })

  it('4.4 has no RssAnon/RssFile/RssShmem but VmPMD; 4.19 has the breakdown and no VmPMD', () => {
    for (const [v, rss, pmd] of [['4.4', false, true], ['4.19', true, false]] as const) {
      const m = procMachine(v)
      const t = m.spawn(0)
      const status = m.cat(t, '/proc/self/status') as string
      expect(status.includes('\nRssAnon:'), v).toBe(rss)
      expect(status.includes('\nVmPMD:'), v).toBe(pmd)
    }
  })
})

function entries(r: Uint8Array | number): bigint[] {
  expect(typeof r).not.toBe('number')
  const b = r as Uint8Array
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
  return Array.from({ length: b.length / 8 }, (_, i) => dv.getBigUint64(i * 8, true))
}

describe('/proc/PID/pagemap', () => {
  const PRESENT = 1n << 63n
  const FILE = 1n << 61n
  const EXCL = 1n << 56n
  const PFN = (1n << 55n) - 1n

  it('present / exclusive / file bits; PFN only for CAP_SYS_ADMIN (4.2+)', () => {
    const m = procMachine()
    const t = m.spawn(1000)
    const root = m.spawn(0)
    const a = m.anon(t, 3)
    const ua = m.k.uaccess(t)
    ua.readU8(a) // zero page
    ua.writeU8(a + PAGE, 1)
    const s = m.anon(t, 1, PROT_READ | PROT_WRITE, true)
    ua.writeU8(s, 1)
    const read = (who: typeof t, addr: number, n: number) => {
      const fd = m.vfs.open(who.pid, `/proc/${t.pid}/pagemap`, O_RDONLY, 0, m.cred(who))
      expect(fd).toBeGreaterThanOrEqual(0)
      return entries(m.vfs.pread(who.pid, fd, n * 8, (addr / PAGE) * 8))
    }
    const [zero, written, untouched] = read(root, a, 3)
    expect(zero! & ~PFN).toBe(PRESENT) // present, not exclusive, no file bit (vm_normal_page is NULL)
    expect(written! & ~PFN).toBe(PRESENT | EXCL)
    expect(written! & PFN).toBe(BigInt(t.mm!.pgd.get(a / PAGE + 1) >>> 6)) // pte_pfn
    expect(untouched).toBe(0n)
    expect(read(root, s, 1)[0]! & ~PFN).toBe(PRESENT | FILE | EXCL)
    // the process itself is not root: flags kept, PFN zeroed
    const own = read(t, a + PAGE, 1)[0]!
    expect(own).toBe(PRESENT | EXCL)
  })

  it('before 4.2 (3.2): the PFN is shown to anyone, holes carry the page shift, no exclusive bit', () => {
    const m = procMachine('3.2')
    const t = m.spawn(1000)
    const a = m.anon(t, 2)
    m.k.uaccess(t).writeU8(a, 1)
    const fd = m.vfs.open(t.pid, '/proc/self/pagemap', O_RDONLY, 0, m.cred(t))
    const [written, hole] = entries(m.vfs.pread(t.pid, fd, 16, (a / PAGE) * 8))
    const PSHIFT = 12n << 55n
    expect(written! & ~PFN).toBe(PRESENT | PSHIFT)
    expect(written! & PFN).toBeGreaterThan(0n)
    expect(hole).toBe(PSHIFT)
  })

  it('rejects unaligned offsets and counts with EINVAL; past TASK_SIZE reads nothing', () => {
    const m = procMachine()
    const t = m.spawn(0)
    const fd = m.vfs.open(t.pid, '/proc/self/pagemap', O_RDONLY, 0, m.cred(t))
    expect(m.vfs.pread(t.pid, fd, 8, 4)).toBe(-ERRNO.EINVAL)
    expect(m.vfs.pread(t.pid, fd, 7, 0)).toBe(-ERRNO.EINVAL)
    expect(m.vfs.pread(t.pid, fd, 0, 0)).toEqual(new Uint8Array(0))
    const last = (TASK_SIZE / PAGE) * 8
    expect((m.vfs.pread(t.pid, fd, 64, last - 8) as Uint8Array).length).toBe(8) // stops at TASK_SIZE
    expect((m.vfs.pread(t.pid, fd, 8, last) as Uint8Array).length).toBe(0)
    expect((m.vfs.pread(t.pid, fd, 8, 2 ** 52) as Uint8Array).length).toBe(0)
    // mem_lseek: any position is accepted (tests/programs/systems/hostile_proc_files.c, native)
    expect(m.vfs.lseek(t.pid, fd, 2 ** 60, SEEK_SET)).toBe(2 ** 60)
    expect((m.vfs.read(t.pid, fd, 8) as Uint8Array).length).toBe(0)
    expect(m.vfs.lseek(t.pid, fd, 0, 2)).toBe(-ERRNO.EINVAL) // SEEK_END
    expect(m.vfs.lseek(t.pid, fd, -4096, SEEK_SET)).toBe(-4096) // a success, negative
    expect(m.vfs.read(t.pid, fd, 8)).toBe(-ERRNO.EINVAL) // rw_verify_area: no FMODE_UNSIGNED_OFFSET
    // read() advances the position by what it returned
    expect(m.vfs.lseek(t.pid, fd, 0x1000 * 8, SEEK_SET)).toBe(0x8000)
    expect((m.vfs.read(t.pid, fd, 16) as Uint8Array).length).toBe(16)
    expect(m.vfs.lseek(t.pid, fd, 0, 1)).toBe(0x8010)
  })
})

describe('/proc/PID/mem', () => {
  it('reads and writes at offset = address with FOLL_FORCE; EIO for a zero-byte transfer', () => {
    const m = procMachine()
    const t = m.spawn(1000)
    const fd = m.vfs.open(t.pid, '/proc/self/mem', O_RDWR, 0, m.cred(t))
    const ro = m.anon(t, 1, PROT_READ)
    expect(m.vfs.pwrite(t.pid, fd, bytes('HACKED'), ro)).toBe(6)
    expect(m.k.uaccess(t).readU8(ro)).toBe(0x48)
    const none = m.anon(t, 1, PROT_NONE)
    expect(m.vfs.pwrite(t.pid, fd, bytes('x'), none + 10)).toBe(1)
    expect(text(m.vfs.pread(t.pid, fd, 1, none + 10))).toBe('x')
    // unmapped
    expect(m.vfs.pread(t.pid, fd, 4, 0x1000)).toBe(-ERRNO.EIO)
    expect(m.vfs.pwrite(t.pid, fd, bytes('x'), 0x1000)).toBe(-ERRNO.EIO)
    expect(m.vfs.pread(t.pid, fd, 4, TASK_SIZE)).toBe(-ERRNO.EIO)
    // a transfer running off the end of the mapping is short
    const two = m.anon(t, 2)
    m.k.munmap(t, two + PAGE, PAGE)
    expect((m.vfs.pread(t.pid, fd, 100, two + PAGE - 10) as Uint8Array).length).toBe(10)
    // MAP_SHARED of a read-only file: no VM_MAYWRITE, the forced write fails, reading works
    const { f } = m.file({ write: false, fill: 0x61 })
    const sh = m.k.mmap(t, 0, PAGE, PROT_READ, 1 /* MAP_SHARED */, f, 0)
    expect(sh).toBeGreaterThan(0)
    expect(m.vfs.pwrite(t.pid, fd, bytes('Z'), sh)).toBe(-ERRNO.EIO)
    expect(text(m.vfs.pread(t.pid, fd, 3, sh))).toBe('aaa')
  })

  it('a forced write to a MAP_PRIVATE read-only file page COWs: the page cache keeps the file data', () => {
    for (const v of ['4.19', '5.10', '6.1', '6.18'] as const) {
      const m = procMachine(v)
      const t = m.spawn(1000)
      const { m: mapping, f } = m.file({ write: false, fill: 0x66 })
      const a = m.k.mmap(t, 0, PAGE, PROT_READ, MAP_PRIVATE, f, 0)
      const fd = m.vfs.open(t.pid, '/proc/self/mem', O_RDWR, 0, m.cred(t))
      expect(m.vfs.pwrite(t.pid, fd, bytes('Z'), a), v).toBe(1)
      expect(m.k.uaccess(t).readU8(a), v).toBe(0x5a) // "Ziledata": the process sees its copy
      const cached = mapping.i_pages.get(0) - 1
      const b = new Uint8Array(1)
      m.k.dma_read(cached, 0, b, 1)
      expect(b[0], v).toBe(0x66) // the file is intact
    }
  })
})

describe('Dirty COW (CVE-2016-5195) through /proc/self/mem', () => {
  /**
   * kernel-semantics §4g with the two threads of the exploit made deterministic by the kernel's
   * GUP race hook: thread A is the pwrite to /proc/self/mem; thread B's madvise(MADV_DONTNEED)
   * runs inside __get_user_pages right after the fault that broke COW. (The C-level version
   * needs a file-backed MAP_PRIVATE mapping, which the machine's libc cannot make yet: mmap of a
   * descriptor is ENODEV until the page cache is wired to the VFS.)
   */
  function race(version: '3.2' | '4.4' | '4.19' | '5.10' | '6.1' | '6.18') {
    const m = procMachine(version)
    const t = m.spawn(1000)
    const { m: mapping, f } = m.file({ write: false, fill: 0x41 }) // a root-owned read-only file
    const a = m.k.mmap(t, 0, PAGE, PROT_READ, MAP_PRIVATE, f, 0)
    const fd = m.vfs.open(t.pid, '/proc/self/mem', O_RDWR, 0, m.cred(t))
    let faults = 0
    let zapped = false
    const reportsCowBreak = !m.k.has('forceWriteNeedsAnonExclusive')
    m.k.hooks.gupAfterFault = ({ ret }) => {
      faults++
      if (!zapped && (reportsCowBreak ? (ret & VM_FAULT_WRITE) !== 0 : faults === 1)) {
        zapped = true
        expect(m.k.madvise(t, a, PAGE, MADV_DONTNEED)).toBe(0)
      }
    }
    const n = m.vfs.pwrite(t.pid, fd, bytes('X'), a)
    m.k.hooks = {}
    const cached = mapping.i_pages.get(0) - 1
    const b = new Uint8Array(1)
    m.k.dma_read(cached, 0, b, 1)
    expect(m.k.checkInvariants()).toEqual([])
    return { n, zapped, pageCache: String.fromCharCode(b[0]!), process: String.fromCharCode(m.k.uaccess(t).readU8(a)) }
  }

  it('before 4.9 the write lands in the page cache: the read-only file is modified', () => {
    expect(race('3.2')).toEqual({ n: 1, zapped: true, pageCache: 'X', process: 'X' })
    expect(race('4.4')).toEqual({ n: 1, zapped: true, pageCache: 'X', process: 'X' })
  })

  it('4.9–5.19 (FOLL_COW: a clean re-faulted PTE is refused and COWed again): the file is intact', () => {
    expect(race('4.19')).toEqual({ n: 1, zapped: true, pageCache: 'A', process: 'X' })
    expect(race('5.10')).toEqual({ n: 1, zapped: true, pageCache: 'A', process: 'X' })
  })

  it('6.0+ (only an exclusive anon page is writable by force): the file is intact', () => {
    expect(race('6.1')).toEqual({ n: 1, zapped: true, pageCache: 'A', process: 'X' })
    expect(race('6.18')).toEqual({ n: 1, zapped: true, pageCache: 'A', process: 'X' })
  })
})

describe('/proc/kpageflags, /proc/kpagecount, /proc/meminfo, /proc/vmstat', () => {
  it('zero page and anon page flags and counts; EINVAL on unaligned access', () => {
    const m = procMachine()
    const root = m.spawn(0)
    const a = m.anon(root, 2)
    const ua = m.k.uaccess(root)
    ua.readU8(a)
    ua.writeU8(a + PAGE, 1)
    const pfn = root.mm!.pgd.get(a / PAGE + 1) >>> 6
    const kf = m.vfs.open(root.pid, '/proc/kpageflags', O_RDONLY, 0, m.cred(root))
    const kc = m.vfs.open(root.pid, '/proc/kpagecount', O_RDONLY, 0, m.cred(root))
    const [zeroFlags] = entries(m.vfs.pread(root.pid, kf, 8, 0))
    expect(zeroFlags).toBe((1n << 24n) | (1n << 32n)) // zero_page + reserved
    expect(entries(m.vfs.pread(root.pid, kc, 8, 0))).toEqual([0n])
    const [flags] = entries(m.vfs.pread(root.pid, kf, 8, pfn * 8))
    const bit = (n: number) => (flags! >> BigInt(n)) & 1n
    expect([bit(11), bit(12), bit(14), bit(34), bit(10)]).toEqual([1n, 1n, 1n, 1n, 0n]) // mmap anon swapbacked anon_exclusive, not buddy
    expect(entries(m.vfs.pread(root.pid, kc, 8, pfn * 8))).toEqual([1n])
    const [free] = entries(m.vfs.pread(root.pid, kf, 8, (m.k.phys.maxPfn - 1) * 8))
    expect(free).toBe(1n << 10n) // buddy
    expect(m.vfs.pread(root.pid, kf, 8, 3)).toBe(-ERRNO.EINVAL)
    expect(m.vfs.pread(root.pid, kc, 12, 0)).toBe(-ERRNO.EINVAL)
    expect((m.vfs.pread(root.pid, kf, 16, m.k.phys.maxPfn * 8) as Uint8Array).length).toBe(0)
  })

  it('meminfo lines are `%-16s%8lu kB`; vmstat has nr_foll_pin_* from 5.7 with the kernel counters', () => {
    const m = procMachine()
    const t = m.spawn(0)
    const meminfo = (m.cat(t, '/proc/meminfo') as string).trimEnd().split('\n')
    for (const l of meminfo) expect(l).toMatch(/^(.{16}[ \d]{7}\d+ kB|HugePages_\w+: +\d+)$/)
    expect(meminfo[0]).toBe(`MemTotal:       ${String(4096 * 4).padStart(8)} kB`)
    const a = m.anon(t, 4)
    const pages: number[] = []
    expect(m.k.pin_user_pages(t, a, 4, FOLL_WRITE, pages)).toBe(4)
    m.k.unpin_user_pages(pages, 1)
    const vmstat = m.cat(t, '/proc/vmstat') as string
    expect(vmstat).toContain('\nnr_foll_pin_acquired 4\nnr_foll_pin_released 1\n')
    expect(vmstat).toMatch(/^nr_free_pages \d+\n/)
    const old = procMachine('5.4')
    expect(old.cat(old.spawn(0), '/proc/vmstat')).not.toContain('nr_foll_pin')
  })
})

describe('small files', () => {
  it('uptime, version, loadavg, statm, stat, cpuinfo', () => {
    const m = procMachine('5.10')
    const t = m.spawn(0, ['/bin/prog'])
    m.k.tick(12_345_000_000)
    expect(m.cat(t, '/proc/uptime')).toBe('12.34 12.34\n')
    expect(m.cat(t, '/proc/version')).toMatch(/^Linux version 5\.10\.0-pinlab /)
    expect(m.cat(t, '/proc/loadavg')).toMatch(/^0\.00 0\.00 0\.00 0\/1 \d+\n$/)
    const a = m.anon(t, 4)
    m.k.uaccess(t).writeU8(a, 1)
    expect(m.cat(t, '/proc/self/statm')).toBe('4 1 0 0 0 4 0\n')
    expect(m.cat(t, '/proc/self/stat')).toMatch(new RegExp(`^${t.pid} \\(prog\\) S 0 `))
    expect(m.cat(t, '/proc/cpuinfo')).toMatch(/^processor\t: 0\n/)
  })
})

describe('hostile input', () => {
  it('huge counts are capped, odd offsets fail with Linux errnos, nothing throws', () => {
    const m = procMachine()
    const t = m.spawn(0)
    const a = m.anon(t, 1)
    m.k.uaccess(t).writeU8(a, 7)
    const pm = m.vfs.open(t.pid, '/proc/self/pagemap', O_RDONLY, 0, m.cred(t))
    const big = m.vfs.pread(t.pid, pm, 2 ** 40, 0) as Uint8Array
    expect(big.length).toBe(1 << 22) // a short read, as Linux allows
    expect(m.vfs.pread(t.pid, pm, 8, 1.5)).toBe(-ERRNO.EINVAL)
    expect(m.vfs.pread(t.pid, pm, 2 ** 40 + 1, 0)).toBe(-ERRNO.EINVAL)
    const mem = m.vfs.open(t.pid, '/proc/self/mem', O_RDWR, 0, m.cred(t))
    const r = m.vfs.pread(t.pid, mem, 2 ** 40, a) as Uint8Array
    expect(r.length).toBe(PAGE) // stops at the end of the mapping
    expect(r[0]).toBe(7)
    expect(m.vfs.pread(t.pid, mem, 1, a + 0.5)).toBe(-ERRNO.EIO)
    expect(m.vfs.pwrite(t.pid, mem, new Uint8Array(0), a)).toBe(0)
    expect(m.vfs.pread(t.pid, mem, 0, a)).toEqual(new Uint8Array(0))
    expect(m.vfs.pread(t.pid, mem, 8, 2 ** 53 - 1)).toBe(-ERRNO.EIO)
    expect(m.vfs.pread(t.pid, mem, 8, -1)).toBe(-ERRNO.EINVAL)
    const kf = m.vfs.open(t.pid, '/proc/kpageflags', O_RDONLY, 0, m.cred(t))
    expect((m.vfs.pread(t.pid, kf, 2 ** 40, 0) as Uint8Array).length).toBe(Math.min(1 << 22, m.k.phys.maxPfn * 8))
    // reads of a process that exited: empty, as for a task without mm
    m.k.exit(t, 0)
    expect((m.vfs.pread(t.pid, pm, 8, 0) as Uint8Array).length).toBe(0)
  })
})
