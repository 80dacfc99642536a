/**
 * ps [-e|-A] [-f] [-p PID…] | ps aux (procps-ng 4.0 layouts, PID columns five wide for the
 * default pid_max of 32768): the default shows the processes
 * on the caller's terminal, `-e` all, `-f` full format (UID PID PPID C STIME TTY TIME CMD),
 * `aux` the BSD user format (USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND).
 * Kernel threads (no command line) show as `[name]` in the full formats.
 */
import type { NativeProgram, ProcessContext, ProcessInfo } from '../shell/os'
import { Output } from './lib'

function hms(seconds: number): string {
  const s = Math.floor(seconds)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`
}

function ms(seconds: number): string {
  const s = Math.floor(seconds)
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

function clock(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000)
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
}

function command(p: ProcessInfo): string {
  return p.args.length === 0 ? `[${p.comm}]` : p.args.join(' ')
}

export const ps: NativeProgram = async (ctx) => {
  const sys = ctx.system
  if (sys === undefined) {
    await ctx.write(2, 'Error, do this: mount -t proc proc /proc\n')
    return 1
  }
  const args = ctx.argv.slice(1)
  let all = false
  let full = false
  let bsd = false
  const pids: number[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (!a.startsWith('-') && /^[aux]+$/.test(a)) {
      bsd = a.includes('u')
      all = a.includes('a') && a.includes('x')
      continue
    }
    if (a === '-p') {
      for (const p of (args[++i] ?? '').split(',')) if (/^[0-9]+$/.test(p)) pids.push(Number(p))
      continue
    }
    if (/^-[eAf]+$/.test(a)) {
      if (a.includes('e') || a.includes('A')) all = true
      if (a.includes('f')) full = true
      continue
    }
    await ctx.write(2, `error: unsupported option (BSD syntax)\n\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n`)
    return 1
  }
  const procs = sys.processes().slice().sort((a, b) => a.pid - b.pid)
  const me = procs.find((p) => p.pid === ctx.pid)
  const selected = pids.length > 0
    ? procs.filter((p) => pids.includes(p.pid))
    : all
      ? procs
      : procs.filter((p) => p.uid === ctx.getuid() && p.tty !== null && p.tty === (me?.tty ?? null))
  const out = new Output(ctx)
  // On a terminal procps cuts lines at its width; into a pipe or file it does not.
  const width = ctx.isatty(1) ? Number(ctx.env.find((e) => e.startsWith('COLUMNS='))?.slice(8)) || 80 : Infinity
  const fit = (line: string): string => (Array.from(line).length > width ? Array.from(line).slice(0, width).join('') : line) + '\n'
  const boot = ctx.now() / 1000 - sys.uptime()
  const user = (uid: number): string => name(ctx, uid)
  if (bsd) {
    const memTotal = sys.meminfo().MemTotal
    await out.write(fit('USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND'))
    for (const p of selected) {
      const elapsed = Math.max(1e-9, sys.uptime() - p.startSeconds)
      const cpu = Math.min(999.9, (p.cpuSeconds / elapsed) * 100)
      const mem = memTotal > 0 ? (p.rssKiB / memTotal) * 100 : 0
      await out.write(
        fit(`${user(p.uid).padEnd(8)} ${String(p.pid).padStart(5)} ${cpu.toFixed(1).padStart(4)} ${mem.toFixed(1).padStart(4)} ${String(p.vszKiB).padStart(6)} ${String(p.rssKiB).padStart(5)} ${(p.tty ?? '?').padEnd(8)} ${(p.stat ?? p.state).padEnd(4)} ${clock(boot + p.startSeconds)} ${ms(p.cpuSeconds).padStart(6)} ${command(p)}`)
      )
    }
  } else if (full) {
    await out.write(fit('UID        PID  PPID  C STIME TTY          TIME CMD'))
    for (const p of selected) {
      const elapsed = Math.max(1e-9, sys.uptime() - p.startSeconds)
      const c = Math.min(99, Math.floor((p.cpuSeconds / elapsed) * 100))
      await out.write(
        fit(`${user(p.uid).padEnd(8)} ${String(p.pid).padStart(5)} ${String(p.ppid).padStart(5)} ${String(c).padStart(2)} ${clock(boot + p.startSeconds)} ${(p.tty ?? '?').padEnd(8)} ${hms(p.cpuSeconds)} ${command(p)}`)
      )
    }
  } else {
    await out.write(fit('  PID TTY          TIME CMD'))
    for (const p of selected) await out.write(fit(`${String(p.pid).padStart(5)} ${(p.tty ?? '?').padEnd(8)} ${hms(p.cpuSeconds)} ${p.comm}`))
  }
  await out.flush()
  return 0
}

function name(ctx: ProcessContext, uid: number): string {
  return ctx.getpwuid(uid)?.name ?? String(uid)
}
