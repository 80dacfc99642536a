import { describe, expect, it } from 'vitest'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import {
  ERRNO_TABLE, errnoByName, errnoName, makeErrnoMessageFunctions, perrorLine, psignalLine, signalAbbrev, strerrorText, strsignalText
} from '../../../../electron/userland/libc/errno-messages'
import { makeEnv } from './helpers'
import { getErrno, setErrno } from '../../../../electron/userland/libc/errno'
import type { NativeCall } from '../../../../electron/userland/cc/index'

const haveGcc = existsSync('/usr/bin/gcc')

describe('errno and signal texts', () => {
  it.runIf(haveGcc)('every strerror/strerrorname_np/strsignal text equals the native glibc one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pinlab-strerror-'))
    writeFileSync(join(dir, 'p.c'), `#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
int main(void) {
  for (int i = -5; i <= 140; i++) { const char *n = strerrorname_np(i); printf("E\\t%d\\t%s\\t%s\\n", i, strerror(i), n ? n : "(null)"); }
  for (int i = -2; i <= 70; i++) { const char *a = sigabbrev_np(i); printf("S\\t%d\\t%s\\t%s\\n", i, strsignal(i), a ? a : "(null)"); }
  return 0;
}`)
    execFileSync('/usr/bin/gcc', ['-O0', '-w', '-o', join(dir, 'p'), join(dir, 'p.c')])
    const lines = execFileSync(join(dir, 'p'), { encoding: 'latin1' }).trimEnd().split('\n')
    expect(lines.length).toBe(146 + 73)
    for (const l of lines) {
      const [k, n, text, name] = l.split('\t')
      const i = Number(n)
      if (k === 'E') {
        expect(strerrorText(i), `strerror(${i})`).toBe(text)
        expect(errnoName(i) ?? '(null)', `strerrorname_np(${i})`).toBe(name)
      } else {
        expect(strsignalText(i), `strsignal(${i})`).toBe(text)
        expect(signalAbbrev(i) ?? '(null)', `sigabbrev_np(${i})`).toBe(name)
      }
    }
  })

  it.runIf(haveGcc)('perror and psignal lines equal what glibc writes on stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pinlab-perror-'))
    writeFileSync(join(dir, 'p.c'), `#include <stdio.h>
#include <errno.h>
#include <signal.h>
int main(void) {
  for (int i = -2; i <= 136; i++) { errno = i; perror(i % 3 == 0 ? "ctx" : i % 3 == 1 ? "" : NULL); }
  for (int i = -1; i <= 66; i++) psignal(i, i % 2 ? "sig" : NULL);
  return 0;
}`)
    execFileSync('/usr/bin/gcc', ['-O0', '-w', '-o', join(dir, 'p'), join(dir, 'p.c')])
    const r = spawnSync(join(dir, 'p'), { encoding: 'latin1' })
    let ours = ''
    for (let i = -2; i <= 136; i++) ours += perrorLine(i % 3 === 0 ? 'ctx' : i % 3 === 1 ? '' : null, i)
    for (let i = -1; i <= 66; i++) ours += psignalLine(i, i % 2 ? 'sig' : null)
    expect(ours).toBe(r.stderr)
  })

  it('covers errno 0..133 with exactly the two holes Linux has', () => {
    expect(ERRNO_TABLE.length).toBe(134)
    expect(ERRNO_TABLE.map((e, i) => (e ? -1 : i)).filter((i) => i >= 0)).toEqual([41, 58])
    expect(errnoByName('ENOENT')).toBe(2)
    expect(errnoByName('EWOULDBLOCK')).toBe(11)
    expect(errnoByName('ENOTSUP')).toBe(95)
    expect(errnoByName('ENOPE')).toBeNull()
  })

  it('strerror returns the same cached pointer per text, allocated with the injected malloc', () => {
    const e = makeEnv()
    let allocs = 0
    const f = makeErrnoMessageFunctions({ malloc: (_c, a) => (allocs++, e.alloc(Number(a[0]))) })
    const p = f.strerror(e.ctx, [2]) as number
    expect(e.read(p)).toBe('No such file or directory')
    expect(f.strerror(e.ctx, [2])).toBe(p)
    expect(allocs).toBe(1)
    const u = f.strerror(e.ctx, [777]) as number
    expect(e.read(u)).toBe('Unknown error 777')
    expect(f.strerror(e.ctx, [-9])).toBe(u)
    expect(e.read(u)).toBe('Unknown error -9')
    // the cache is cloned on fork (a child's later allocations must not leak into the parent)
    const c = (e.proc.libc.staticStrings as { clone(): { map: Map<string, number> } }).clone()
    c.map.set('x', 1)
    expect((e.proc.libc.staticStrings as { map: Map<string, number> }).map.has('x')).toBe(false)
  })
})

describe('strerror and errno', () => {
  it('strerror leaves errno as it was even when its allocation goes through C malloc', () => {
    const e = makeEnv()
    const f = makeErrnoMessageFunctions()
    ;(e.proc.prog.symbols as Map<string, number>).set('malloc', 0x401000)
    e.proc.funcAt = (a) => (a === 0x401000 ? ({ name: 'malloc' } as never) : null)
    setErrno(e.ctx, 7)
    const r = f.strerror(e.ctx, [5]) as NativeCall
    setErrno(e.ctx, 12) // what a C malloc might leave behind
    const p = e.alloc(64)
    expect(r.then(p)).toBe(p)
    expect(getErrno(e.ctx)).toBe(7)
    expect(e.read(p)).toBe('Input/output error')
  })
})
