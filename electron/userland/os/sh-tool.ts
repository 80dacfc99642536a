import type { NativeProgram, ProcessContext } from '../shell/os'
import { O_RDONLY } from '../../kernel/fs/file'
import { Shell } from '../shell/shell'

/**
 * /bin/sh (and /bin/bash) for programs: `sh -c 'command'`, `sh script`, or a script on
 * standard input — what system(3), popen(3) and shell scripts run. The interactive login shell
 * is the same Shell class driven by the line editor.
 */
export const shTool: NativeProgram = async (ctx: ProcessContext) => {
  const args = ctx.argv.slice(1)
  const name = ctx.argv[0]?.split('/').pop() ?? 'sh'
  if (args[0] === '-c') {
    if (args.length < 2) {
      await ctx.write(2, `${name}: -c: option requires an argument\n`)
      return 2
    }
    const shell = new Shell(ctx, { interactive: false, commandString: true, name: args[2] ?? name })
    const r = await shell.runScript(args[1]!)
    return r.exit ?? r.status
  }
  let text: string
  if (args.length > 0) {
    const fd = await ctx.open(args[0]!, O_RDONLY)
    if (fd < 0) {
      await ctx.write(2, `${name}: ${args[0]}: No such file or directory\n`)
      return 127
    }
    text = await readAll(ctx, fd)
    ctx.close(fd)
  } else text = await readAll(ctx, 0)
  const shell = new Shell(ctx, { interactive: false, name: args[0] ?? name })
  const r = await shell.runScript(text)
  return r.exit ?? r.status
}

async function readAll(ctx: ProcessContext, fd: number): Promise<string> {
  const parts: Uint8Array[] = []
  for (;;) {
    const r = await ctx.read(fd, 65536)
    if (typeof r === 'number' || r.length === 0) break
    parts.push(r)
  }
  return new TextDecoder().decode(concat(parts))
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
