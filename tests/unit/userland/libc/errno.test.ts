import { describe, expect, it } from 'vitest'
import { getErrno, setErrno, errnoAddress } from '../../../../electron/userland/libc/errno'
import { MemoryFault } from '../../../../electron/userland/cc/index'
import { makeEnv } from './helpers'

describe('errno storage', () => {
  it('falls back to proc.libc.errno when the thread has no errno address', () => {
    const e = makeEnv()
    expect(getErrno(e.ctx)).toBe(0)
    setErrno(e.ctx, 34)
    expect(e.proc.libc.errno).toBe(34)
    expect(getErrno(e.ctx)).toBe(34)
    e.thread.host = { errnoAddr: 0 }
    expect(errnoAddress(e.ctx)).toBe(0)
    expect(getErrno(e.ctx)).toBe(34)
  })

  it('writes the thread errno word in memory when errnoAddr is set', () => {
    const e = makeEnv()
    const a = e.alloc(8)
    e.mem.store32(a + 4, 0xdeadbeef)
    e.thread.host = { errnoAddr: a }
    setErrno(e.ctx, 22)
    expect(e.mem.load32(a)).toBe(22)
    expect(e.mem.load32(a + 4)).toBe(0xdeadbeef)
    expect(e.proc.libc.errno).toBeUndefined()
    e.mem.store32(a, 0xffffffff)
    expect(getErrno(e.ctx)).toBe(-1)
    setErrno(e.ctx, -5)
    expect(e.mem.load32(a)).toBe(0xfffffffb)
    expect(getErrno(e.ctx)).toBe(-5)
  })

  it('a bad errno address faults as a MemoryFault, not another exception', () => {
    const e = makeEnv()
    e.thread.host = { errnoAddr: 8 }
    expect(() => setErrno(e.ctx, 1)).toThrow(MemoryFault)
    expect(() => getErrno(e.ctx)).toThrow(MemoryFault)
  })
})
