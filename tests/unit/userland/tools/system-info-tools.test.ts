import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { FakeOs } from '../../../../electron/userland/shell/fake-os'
import type { MemInfo, NativeProgram, ProcessInfo, SystemInfo } from '../../../../electron/userland/shell/os'
import { free, freeTable, humanKiB } from '../../../../electron/userland/tools/free'
import { VMSTAT_HEADER, vmstat } from '../../../../electron/userland/tools/vmstat'
import { dmesg, formatLogLine } from '../../../../electron/userland/tools/dmesg'
import { ps } from '../../../../electron/userland/tools/ps'
import { realTool } from './differential'

const MEM: MemInfo = {
  MemTotal: 2_048_000, MemFree: 1_500_000, MemAvailable: 1_800_000, Buffers: 10_240, Cached: 200_000,
  SwapTotal: 0, SwapFree: 0, Shmem: 4_096, SReclaimable: 20_000, Active: 100_000, Inactive: 50_000
}

const PROCS: ProcessInfo[] = [
  { pid: 1, ppid: 0, pgid: 1, uid: 0, state: 'S', stat: 'Ss', comm: 'init', args: ['/sbin/init'], tty: null, vszKiB: 4000, rssKiB: 1000, cpuSeconds: 1, startSeconds: 0 },
  { pid: 2, ppid: 0, pgid: 0, uid: 0, state: 'S', comm: 'kthreadd', args: [], tty: null, vszKiB: 0, rssKiB: 0, cpuSeconds: 0, startSeconds: 0 },
  { pid: 100, ppid: 1, pgid: 100, uid: 0, state: 'S', stat: 'Ss', comm: 'bash', args: ['-bash'], tty: 'pts/0', vszKiB: 8000, rssKiB: 4000, cpuSeconds: 0, startSeconds: 10 },
  { pid: 4242, ppid: 100, pgid: 4242, uid: 1000, state: 'R', stat: 'R+', comm: 'a.out', args: ['./a.out', '16'], tty: 'pts/0', vszKiB: 12345, rssKiB: 678, cpuSeconds: 75, startSeconds: 100 }
]

function system(overrides: Partial<SystemInfo> = {}): SystemInfo {
  return {
    dmesg: () => [
      { time: 0, level: 5, text: 'Linux version 6.18.0-pinlab' },
      { time: 12.3456789, level: 4, text: 'gup_test: page: refcount:1025 mapcount:1' },
      { time: 123456.5, level: 0, text: 'BUG: Bad page state' }
    ],
    processes: () => PROCS,
    meminfo: () => MEM,
    vmstat: () => ({ pgpgin: 1000, pgpgout: 500, nr_foll_pin_acquired: 3 }),
    uptime: () => 200,
    ...overrides
  }
}

const dec = new TextDecoder()
async function run(program: NativeProgram, argv: string[], opts: { sys?: SystemInfo; uid?: number } = {}) {
  const os = new FakeOs({ system: opts.sys ?? system() })
  os.epochMs = Date.UTC(2026, 10, 21, 8, 0, 0) - 200_000
  const r = await os.runCaptured(program, argv, { uid: opts.uid ?? 0 })
  return { out: dec.decode(r.stdout), err: dec.decode(r.stderr), status: r.status }
}

function parseMeminfo(text: string): MemInfo {
  const v = (k: string): number => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0)
  return {
    MemTotal: v('MemTotal'), MemFree: v('MemFree'), MemAvailable: v('MemAvailable'), Buffers: v('Buffers'), Cached: v('Cached'),
    SwapTotal: v('SwapTotal'), SwapFree: v('SwapFree'), Shmem: v('Shmem'), SReclaimable: v('SReclaimable')
  }
}

describe('free', () => {
  it('matches the real free for this machine’s own /proc/meminfo', () => {
    const path = realTool('free')
    expect(path).not.toBeNull()
    // /proc/meminfo moves all the time: compare a run only when it did not change around it.
    const variants: Array<[string[], 'k' | 'h' | 'm', boolean]> = [[[], 'k', false], [['-h'], 'h', false], [['-w'], 'k', true], [['-m'], 'm', false]]
    let compared = 0
    for (const [args, unit, wide] of variants) {
      for (let attempt = 0; attempt < 50; attempt++) {
        const before = parseMeminfo(readFileSync('/proc/meminfo', 'utf8'))
        const real = execFileSync(path!, args).toString()
        const after = parseMeminfo(readFileSync('/proc/meminfo', 'utf8'))
        if (JSON.stringify(before) !== JSON.stringify(after)) continue
        expect(freeTable(before, unit, wide)).toBe(real)
        compared++
        break
      }
    }
    // On a machine too busy to hold still, at least the layout must agree.
    if (compared === 0) {
      const real = execFileSync(path!, []).toString().split('\n')
      const ours = freeTable(parseMeminfo(readFileSync('/proc/meminfo', 'utf8')), 'k', false).split('\n')
      expect(ours[0]).toBe(real[0])
      expect(ours.map((l) => l.length)).toEqual(real.map((l) => l.length))
    }
  })

  it('scales like procps -h', () => {
    expect([0, 1, 3, 8_856, 1_002_044, 24_684_092, 1_141_512].map(humanKiB)).toEqual(['0B', '1.0Ki', '3.0Ki', '8.6Mi', '978Mi', '23Gi', '1.1Gi'])
  })

  it('prints the kernel’s figures', async () => {
    const r = await run(free, ['free'])
    expect(r.out).toBe(
      '               total        used        free      shared  buff/cache   available\n' +
        'Mem:         2048000      248000     1500000        4096      230240     1800000\n' +
        'Swap:              0           0           0\n'
    )
  })
})

describe('vmstat', () => {
  it('has the real header and a line in its column widths', async () => {
    const path = realTool('vmstat')
    expect(path).not.toBeNull()
    const real = execFileSync(path!, []).toString().split('\n')
    expect(VMSTAT_HEADER).toBe(real[0] + '\n' + real[1] + '\n')
    const r = await run(vmstat, ['vmstat'])
    expect(r.out).toBe(VMSTAT_HEADER + ' 1  0      0 1500000  10240 220000    0    0     5     2    0    0  0  0 100  0  0\n')
  })

  it('vmstat -s has the real labels in the real order', async () => {
    const path = realTool('vmstat')
    expect(path).not.toBeNull()
    const labels = (text: string): string[] => text.split('\n').filter((l) => l !== '').map((l) => l.replace(/^\s*\d+ /, ''))
    const real = execFileSync(path!, ['-s']).toString()
    const r = await run(vmstat, ['vmstat', '-s'])
    expect(labels(r.out)).toEqual(labels(real))
    expect(r.out.split('\n')[0]).toBe('      2048000 K total memory')
  })
})

describe('dmesg', () => {
  it('formats lines as the real dmesg does', () => {
    const r = spawnSync(realTool('dmesg') ?? '/usr/bin/dmesg', [])
    const first = r.stdout.toString().split('\n')[0] ?? ''
    const m = /^\[\s*(\d+)\.(\d{6})\] (.*)$/.exec(first)
    if (m !== null) expect(formatLogLine({ time: Number(m[1]) + Number(m[2]) / 1e6, level: 6, text: m[3]! })).toBe(first + '\n')
    expect(formatLogLine({ time: 0, level: 6, text: 'x' })).toBe('[    0.000000] x\n')
  })

  it('prints the kernel log, and refuses a user when the log is restricted', async () => {
    const r = await run(dmesg, ['dmesg'])
    expect(r.out).toBe('[    0.000000] Linux version 6.18.0-pinlab\n[   12.345679] gup_test: page: refcount:1025 mapcount:1\n[123456.500000] BUG: Bad page state\n')
    const denied = await run(dmesg, ['dmesg'], { uid: 1000, sys: system({ dmesgRestricted: true }) })
    expect(denied.err).toBe('dmesg: read kernel buffer failed: Operation not permitted\n')
  })
})

describe('ps', () => {
  it('has the real headers', () => {
    const path = realTool('ps')
    expect(path).not.toBeNull()
    const header = (args: string[]): string => execFileSync(path!, args).toString().split('\n')[0]!
    return Promise.all([
      run(ps, ['ps', '-e']).then((r) => expect(r.out.split('\n')[0]).toBe(header(['-p', '1']))),
      run(ps, ['ps', '-ef']).then((r) => expect(r.out.split('\n')[0]).toBe(header(['-f', '-p', '1']))),
      run(ps, ['ps', 'aux']).then((r) => expect(r.out.split('\n')[0]).toBe(header(['u', '-p', '1'])))
    ])
  })

  it('lists processes in the three layouts', async () => {
    expect((await run(ps, ['ps', '-e'])).out).toBe(
      '  PID TTY          TIME CMD\n    1 ?        00:00:01 init\n    2 ?        00:00:00 kthreadd\n  100 pts/0    00:00:00 bash\n 4242 pts/0    00:01:15 a.out\n'
    )
    expect((await run(ps, ['ps', '-ef'])).out).toBe(
      'UID        PID  PPID  C STIME TTY          TIME CMD\n' +
        'root         1     0  0 07:53 ?        00:00:01 /sbin/init\n' +
        'root         2     0  0 07:53 ?        00:00:00 [kthreadd]\n' +
        'root       100     1  0 07:53 pts/0    00:00:00 -bash\n' +
        'student   4242   100 75 07:55 pts/0    00:01:15 ./a.out 16\n'
    )
    expect((await run(ps, ['ps', 'aux'])).out.split('\n')[4]).toBe('student   4242 75.0  0.0  12345   678 pts/0    R+   07:55   1:15 ./a.out 16')
  })

  it('selects by pid and refuses unknown options', async () => {
    expect((await run(ps, ['ps', '-p', '4242'])).out).toBe('  PID TTY          TIME CMD\n 4242 pts/0    00:01:15 a.out\n')
    expect((await run(ps, ['ps', '-Z'])).status).toEqual({ kind: 'exited', code: 1 })
  })
})
