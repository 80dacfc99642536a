/**
 * Block direct I/O (electron/kernel/fs/direct-io.ts) at the versions on both sides of each
 * change: FOLL_GET → FOLL_PIN (6.3), tmpfs O_DIRECT (6.6), the 6.18 buffer-address relaxation,
 * iomap's EOF-before-alignment order (ext4 5.5), dio_warn_stale_pagecache (4.15). Reference:
 * kernel-semantics.md §2.1, §2.6, 4d; userspace-api.md §4. Hostile input gives Linux's errno.
 */
import { describe, expect, it } from 'vitest'
import {
  DIO_BASE_LATENCY_NS, EFAULT, EINVAL, MAP_SHARED, PG_dirty, PROT_READ, PROT_WRITE, TASK_SIZE,
  dio_complete, dio_complete_due, dio_inflight, dio_submit, folio_maybe_dma_pinned, inode_can_odirect, inode_dio_file,
  type DioRequest, type Kernel, type TaskStruct, type TraceEvent
} from '../../../electron/kernel'
import { Vfs } from '../../../electron/kernel/fs/vfs'
import { ERRNO } from '../../../electron/kernel/include/uapi/asm-generic/errno-base'
import { S_IFCHR, S_IFREG } from '../../../electron/kernel/fs/inode'
import type { KernelVersion } from '../../../shared/kernel-versions'
import { boot, expectConsistent, mmapAnon, pfnAt } from './helpers'

const EFBIG = ERRNO.EFBIG

const F = 0x46 // 'F': the file's bytes
const DOT = 0x2e // '.': the buffer before the I/O

function setup(version: KernelVersion, size = 8192) {
  const { k, t } = boot({ version })
  const vfs = new Vfs()
  vfs.kernel = k
  vfs.now = () => k.clock
  const inode = vfs.writeFile('/data', new Uint8Array(size).fill(F))
  const file = inode_dio_file(k, inode, '/data')
  return { k, t, vfs, inode, file }
}

function buffer(k: Kernel, t: TaskStruct, pages = 1): number {
  const a = mmapAnon(k, t, pages)
  expect(k.uaccess(t).fill_user(a, DOT, pages * 4096)).toBe(0)
  return a
}

function submitted(r: DioRequest | number): DioRequest {
  expect(typeof r).toBe('object')
  return r as DioRequest
}

describe('direct I/O: the data path', () => {
  for (const version of ['6.1', '6.6'] as const) {
    it(`${version}: a read GUPs the buffer at submit (${version === '6.1' ? 'FOLL_GET' : 'FOLL_PIN'}), DMAs and releases at completion`, () => {
      const { k, t, file } = setup(version)
      const buf = buffer(k, t)
      const pfn = pfnAt(k, t, buf)
      const before = k.phys.refcount.get(pfn)
      const req = submitted(dio_submit(k, t, file, 'read', 0, buf, 4096))
      expect(req.pinned).toBe(version === '6.6')
      expect(req.doneAt).toBe(k.clock + DIO_BASE_LATENCY_NS + 4096)
      expect(req.pfns).toEqual([pfn])
      expect(k.phys.refcount.get(pfn)).toBe(before + (req.pinned ? 1024 : 1))
      expect(folio_maybe_dma_pinned(k, pfn)).toBe(req.pinned)
      expect(k.uaccess(t).readU8(buf)).toBe(DOT) // nothing transferred yet
      expectConsistent(k)
      expect(dio_inflight(k)).toContain(req)
      expect(dio_complete(k, req)).toBe(4096)
      expect(dio_inflight(k)).not.toContain(req)
      expect(k.uaccess(t).readU8(buf)).toBe(F)
      expect(k.uaccess(t).readU8(buf + 4095)).toBe(F)
      expect(k.phys.refcount.get(pfn)).toBe(before)
      expect(k.phys.flags.get(pfn) & PG_dirty).toBeTruthy() // bio_check_pages_dirty
      expect(k.vmstat.nr_foll_pin_acquired).toBe(k.vmstat.nr_foll_pin_released)
      expect(dio_complete(k, req)).toBe(4096) // idempotent
      expectConsistent(k)
    })
  }

  it('a read flushes dirty page-cache pages first: the disk is what the DIO reads', () => {
    const { k, t, file, inode } = setup('6.18')
    const map = k.mmap(t, 0, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, k.openFile(file.mapping, { read: true, write: true }), 0)
    expect(map).toBeGreaterThan(0)
    expect(k.uaccess(t).writeU8(map + 10, 0x4d)).toBe(0)
    expect(inode.data[10]).toBe(F) // still only in the page cache
    const buf = buffer(k, t)
    const req = submitted(dio_submit(k, t, file, 'read', 0, buf, 512))
    expect(inode.data[10]).toBe(0x4d) // filemap_write_and_wait_range
    dio_complete(k, req)
    expect(k.uaccess(t).readU8(buf + 10)).toBe(0x4d)
    expectConsistent(k)
  })

  it('a write reaches the disk at completion and drops the cached pages; the mapping refaults the new bytes', () => {
    const { k, t, file, inode } = setup('6.18')
    const map = k.mmap(t, 0, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, k.openFile(file.mapping, { read: true, write: true }), 0)
    expect(k.uaccess(t).readU8(map)).toBe(F)
    const cached = pfnAt(k, t, map)
    const buf = buffer(k, t)
    expect(k.uaccess(t).fill_user(buf, 0x57, 4096)).toBe(0)
    const req = submitted(dio_submit(k, t, file, 'write', 0, buf, 4096))
    expect(pfnAt(k, t, map)).toBe(-1) // kiocb_invalidate_pages unmapped and dropped it
    expect(k.phys.isAllocated(cached)).toBe(false)
    expect(inode.data[0]).toBe(F)
    expect(dio_complete(k, req)).toBe(4096)
    expect(inode.data[0]).toBe(0x57)
    expect(k.uaccess(t).readU8(map + 100)).toBe(0x57)
    expectConsistent(k)
  })

  it('a write past EOF grows the file at completion, the hole reads as zeros', () => {
    const { k, t, file, inode } = setup('6.18', 4096)
    const buf = buffer(k, t)
    dio_complete(k, submitted(dio_submit(k, t, file, 'write', 8192, buf, 512)))
    expect(inode.size).toBe(8704)
    expect(inode.data[5000]).toBe(0)
    expect(inode.data[8192]).toBe(DOT)
  })

  it('reads are short at EOF (the buffer past EOF gets zeros) and 0 at or after EOF', () => {
    const { k, t, file } = setup('6.18', 1000)
    const buf = buffer(k, t, 2)
    const req = submitted(dio_submit(k, t, file, 'read', 0, buf, 8192))
    expect(dio_complete(k, req)).toBe(1000)
    expect(k.uaccess(t).readU8(buf + 999)).toBe(F)
    expect(k.uaccess(t).readU8(buf + 1000)).toBe(0)
    expect(k.uaccess(t).readU8(buf + 5000)).toBe(0)
    expect(dio_submit(k, t, file, 'read', 1024, buf, 512)).toBe(0)
    expect(dio_submit(k, t, file, 'read', 0, buf, 0)).toBe(0)
  })
})

describe('direct I/O racing fork (scenario 4d)', () => {
  for (const version of ['6.1', '6.6'] as const) {
    it(`${version}: ${version === '6.1' ? 'the DMA lands in the page only the child maps' : 'fork copies the pinned page, the parent gets the data'}`, () => {
      const { k, t, file } = setup(version)
      const buf = buffer(k, t)
      const req = submitted(dio_submit(k, t, file, 'read', 0, buf + 2048, 2048))
      const child = k.fork(t)
      expect(typeof child).toBe('object')
      const c = child as TaskStruct
      expect(k.uaccess(t).writeU8(buf, 0x50)).toBe(0) // the parent's store while the I/O is in flight
      k.tick(DIO_BASE_LATENCY_NS + 2048)
      dio_complete_due(k)
      expect(req.completed).toBe(true)
      const parentSees = k.uaccess(t).readU8(buf + 2048)
      const childSees = k.uaccess(c).readU8(buf + 2048)
      if (version === '6.1') {
        expect(parentSees).toBe(DOT)
        expect(childSees).toBe(F)
      } else {
        expect(parentSees).toBe(F)
        expect(childSees).toBe(DOT)
      }
      expect(k.uaccess(c).readU8(buf)).toBe(DOT)
      expectConsistent(k)
    })
  }

  for (const version of ['5.8', '5.10'] as const) {
    it(`${version}: the write variant — the child's store ${version === '5.8' ? 'reuses the page under I/O (mapcount 1) and reaches the disk' : 'is copied away (refcount), the disk gets the parent\'s bytes'}`, () => {
      const { k, t, file, inode } = setup(version)
      const buf = buffer(k, t)
      const req = submitted(dio_submit(k, t, file, 'write', 0, buf + 2048, 2048))
      const c = k.fork(t) as TaskStruct
      expect(k.uaccess(t).writeU8(buf, 0x50)).toBe(0)
      expect(k.uaccess(c).fill_user(buf + 2048, 0x43, 2048)).toBe(0)
      dio_complete(k, req)
      expect(inode.data[0]).toBe(version === '5.8' ? 0x43 : DOT)
      expectConsistent(k)
    })
  }
})

describe('direct I/O: hostile input gives Linux errno', () => {
  it('bad pointers, sizes and offsets', () => {
    const { k, t, file } = setup('6.18')
    const buf = buffer(k, t)
    expect(dio_submit(k, t, file, 'read', -512, buf, 512)).toBe(-EINVAL)
    expect(dio_submit(k, t, file, 'read', 0.5, buf, 512)).toBe(-EINVAL)
    expect(dio_submit(k, t, file, 'read', 0, buf, Number.NaN)).toBe(-EINVAL)
    expect(dio_submit(k, t, file, 'read', 0, buf, -1)).toBe(-EINVAL)
    expect(dio_submit(k, t, file, 'read', 0, TASK_SIZE - 4096, 8192)).toBe(-EFAULT) // access_ok
    expect(dio_submit(k, t, file, 'read', 0, buf, 2 ** 64)).toBe(-EFAULT) // (size_t)-1
    expect(dio_submit(k, t, file, 'read', 0, 0, 512)).toBe(-EFAULT) // NULL
    expect(dio_submit(k, t, file, 'read', 100, buf, 512)).toBe(-EINVAL)
    expect(dio_submit(k, t, file, 'read', 0, buf, 100)).toBe(-EINVAL)
    expect(dio_submit(k, t, file, 'write', 0, buf, 100)).toBe(-EINVAL)
    expect(dio_submit(k, t, file, 'write', 2 ** 40, buf, 512)).toBe(-EFBIG)
    expect(dio_submit(k, t, file, 'read', 2 ** 40, buf, 512)).toBe(0) // past EOF
    // a 2^31-byte read from a one-page buffer: clamped to MAX_RW_COUNT, then GUP runs out of memory to get
    const r = dio_submit(k, t, file, 'read', 0, buf, 2 ** 31)
    expect(typeof r).toBe('object')
    expect(dio_complete(k, r as DioRequest)).toBe(-EFAULT)
    expect(k.uaccess(t).readU8(buf)).toBe(F) // the part that was user memory still got its data
    const ro = mmapAnon(k, t, 1, PROT_READ)
    expect(dio_submit(k, t, file, 'read', 0, ro, 4096)).toBe(-EFAULT) // FOLL_WRITE on PROT_READ
    const wr = dio_submit(k, t, file, 'write', 0, ro, 512) // reading memory is fine (zero page)
    expect(dio_complete(k, wr as DioRequest)).toBe(512)
    expect(dio_inflight(k)).toHaveLength(0)
    expectConsistent(k)
  })

  for (const [version, ok] of [['6.6', false], ['6.18', true]] as const) {
    it(`${version}: an unaligned buffer address is ${ok ? 'fine when each page piece holds whole blocks' : 'EINVAL'}`, () => {
      const { k, t, file } = setup(version)
      const buf = buffer(k, t, 2)
      const r = dio_submit(k, t, file, 'read', 0, buf + 1, 512)
      if (ok) expect(dio_complete(k, r as DioRequest)).toBe(512)
      else expect(r).toBe(-EINVAL)
      expect(dio_submit(k, t, file, 'read', 0, buf + 4095, 512)).toBe(-EINVAL) // 1 + 511 bytes
      const split = dio_submit(k, t, file, 'read', 0, buf + 3584, 1024) // 512 + 512
      expect(dio_complete(k, split as DioRequest)).toBe(1024)
    })
  }

  it('6.18: the page-piece rule matches what this 6.18 machine answers natively (ext4 on virtio, dma_alignment 511)', () => {
    const { k, t, file } = setup('6.18', 16384)
    const buf = buffer(k, t, 4)
    // [offset into a page-aligned buffer, length, native result]
    const observed: Array<[number, number, number]> = [
      [512, 4096, 4096], [1, 4096, -EINVAL], [1, 1024, 1024], [7, 3584, 3584], [7, 4096, -EINVAL],
      [513, 8192, -EINVAL], [3585, 512, -EINVAL], [3584, 1024, 1024], [4000, 1024, -EINVAL], [2, 8192, -EINVAL]
    ]
    for (const [off, len, want] of observed) {
      const r = dio_submit(k, t, file, 'read', 0, buf + off, len)
      expect(typeof r === 'number' ? r : dio_complete(k, r), `buf+${off} len ${len}`).toBe(want)
    }
    expectConsistent(k)
  })

  for (const [version, ret] of [['5.4', -EINVAL], ['5.10', 0]] as const) {
    it(`${version}: an unaligned read at EOF is ${ret === 0 ? '0 (iomap looks at i_size first)' : 'EINVAL (fs/direct-io.c checks alignment first)'}`, () => {
      const { k, t, file } = setup(version, 4096)
      const buf = buffer(k, t)
      expect(dio_submit(k, t, file, 'read', 4096 + 100, buf + 1, 100)).toBe(ret)
    })
  }

  it('a fixed-seed stream of random requests never throws, answers an errno or a request, and leaves no reference behind', () => {
    const seed = Number(process.env.PINLAB_PROPERTY_SEED ?? 20120209)
    let x = seed >>> 0 || 1
    const rnd = (n: number) => {
      x ^= x << 13
      x >>>= 0
      x ^= x >>> 17
      x ^= x << 5
      x >>>= 0
      return x % n
    }
    for (const version of ['4.4', '6.1', '6.18'] as const) {
      const { k, t, file } = setup(version)
      const buf = buffer(k, t, 4)
      const pending: DioRequest[] = []
      for (let i = 0; i < 300; i++) {
        const pos = [0, 512, 100, -512, 4096, 1 << 20][rnd(6)]!
        const addr = [buf, buf + 512, buf + 1, buf + 4095, 0, buf + 3 * 4096, TASK_SIZE][rnd(7)]!
        const len = [0, 512, 100, 4096, 8192, 2 ** 40][rnd(6)]!
        const r = dio_submit(k, t, file, rnd(2) ? 'read' : 'write', pos, addr, len)
        if (typeof r === 'number') expect([0, -EINVAL, -EFAULT, -EFBIG].includes(r) || (r > 0 && r <= len)).toBe(true)
        else pending.push(r)
        if (rnd(3) === 0 && pending.length) dio_complete(k, pending.shift()!)
      }
      for (const r of pending) dio_complete(k, r)
      expect(dio_inflight(k)).toHaveLength(0)
      expect(k.vmstat.nr_foll_pin_acquired).toBe(k.vmstat.nr_foll_pin_released)
      expect(k.gup.size).toBe(0)
      expectConsistent(k)
    }
  })
})

describe('direct I/O: who accepts O_DIRECT, stale page cache, trace', () => {
  for (const [version, tmpfs] of [['6.1', false], ['6.6', true]] as const) {
    it(`${version}: tmpfs ${tmpfs ? 'accepts' : 'refuses'} O_DIRECT; ext4 always; devices and procfs never`, () => {
      const { k, vfs } = setup(version)
      const shm = vfs.writeFile('/dev/shm/x', 'x')
      shm.fsKind = 'shmem'
      expect(inode_can_odirect(k, shm)).toBe(tmpfs)
      expect(inode_can_odirect(k, vfs.writeFile('/home/f', 'x'))).toBe(true)
      expect(inode_can_odirect(k, vfs.createInode(S_IFCHR | 0o666))).toBe(false)
      const proc = vfs.createInode(S_IFREG | 0o444)
      proc.generate = () => new Uint8Array(0)
      expect(inode_can_odirect(k, proc)).toBe(false)
      expect(inode_can_odirect(k, vfs.root)).toBe(false)
    })
  }

  for (const [version, warns] of [['4.4', false], ['4.19', true]] as const) {
    it(`${version}: a MAP_SHARED store during a direct write leaves a dirty cached page: ${warns ? 'dio_warn_stale_pagecache' : 'silently kept'}`, () => {
      const { k, t, file } = setup(version)
      const map = k.mmap(t, 0, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, k.openFile(file.mapping, { read: true, write: true }), 0)
      const buf = buffer(k, t)
      const req = submitted(dio_submit(k, t, file, 'write', 0, buf, 4096))
      expect(k.uaccess(t).writeU8(map, 0x53)).toBe(0) // refaults the page and dirties it mid-I/O
      const lines = k.log.lines.length
      expect(dio_complete(k, req)).toBe(4096)
      const text = k.log.lines.slice(lines).map((l) => l.text)
      if (warns) {
        expect(text).toEqual([
          'Page cache invalidation failure on direct I/O.  Possible data corruption due to collision with buffered I/O!',
          `File: /data PID: ${t.pid} Comm: test`
        ])
        expect(k.log.lines.at(-1)!.level).toBe(2)
      } else expect(text).toEqual([])
      expect(pfnAt(k, t, map)).toBe(-1) // unmapped even though it stayed in the cache
      expect(k.uaccess(t).readU8(map)).toBe(0x53) // the stale cached page, not the disk's '.'
      expectConsistent(k)
    })
  }

  it('submit and completion are trace events naming the GUP flavour and the pages', () => {
    for (const version of ['6.1', '6.18'] as const) {
      const { k, t, file } = setup(version)
      const buf = buffer(k, t)
      const events: TraceEvent[] = []
      k.subscribe((e) => events.push(e))
      const req = submitted(dio_submit(k, t, file, 'read', 0, buf, 512))
      dio_complete(k, req)
      const sub = events.find((e) => e.type === 'dio_submit')
      const done = events.find((e) => e.type === 'dio_complete')
      expect(sub).toMatchObject({ dir: 'read', file: '/data', pos: 0, addr: buf, len: 512, gup: version === '6.1' ? 'FOLL_GET' : 'FOLL_PIN', pfns: req.pfns })
      expect(done).toMatchObject({ dir: 'read', ret: 512, pfns: req.pfns })
      expect(events.some((e) => e.type === 'dma_write')).toBe(true)
      expect(events.some((e) => e.type === (version === '6.1' ? 'put_page' : 'unpin'))).toBe(true)
      expect(events.indexOf(sub!)).toBeLessThan(events.indexOf(done!))
    }
  })
})
