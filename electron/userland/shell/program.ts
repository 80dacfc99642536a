/**
 * The shell as a program, for the kernel to install as /bin/bash and /bin/sh:
 *   bash -c STRING [NAME [ARG…]]   run STRING ($0 = NAME, default `bash`)
 *   bash FILE [ARG…]               run a script file
 *   bash                           run the script read from standard input
 * Non-interactive (the terminal session uses InteractiveShell instead). Resolves to the
 * script's exit status; 127 when FILE cannot be opened, 2 for a bad option, as bash.
 */
import { O_RDONLY, strerror, type NativeProgram, type ProcessContext } from './os'
import { Shell } from './shell'

async function readWhole(ctx: ProcessContext, fd: number): Promise<string | number> {
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const r = await ctx.read(fd, 65536)
    if (typeof r === 'number') return r
    if (r.length === 0) break
    chunks.push(r)
    total += r.length
  }
  const bytes = new Uint8Array(total)
  let off = 0
  for (const c of chunks) {
    bytes.set(c, off)
    off += c.length
  }
  return new TextDecoder().decode(bytes)
}

export const bash: NativeProgram = async (ctx) => {
  const argv = ctx.argv
  const self = (argv[0] ?? 'bash').replace(/^.*\//, '')
  let i = 1
  if (argv[i] === '--') i++
  if (argv[i] === '-c') {
    const text = argv[i + 1]
    if (text === undefined) {
      await ctx.write(2, `${self}: -c: option requires an argument\n`)
      return 2
    }
    const shell = new Shell(ctx, { interactive: false, name: argv[i + 2] ?? self, commandString: true })
    shell.state.positional = argv.slice(i + 3)
    const r = await shell.runScript(text)
    return r.exit ?? r.status
  }
  const opt = argv[i]
  if (opt !== undefined && opt.startsWith('-') && opt !== '-') {
    await ctx.write(2, `${self}: ${opt}: invalid option\n`)
    return 2
  }
  if (opt === undefined || opt === '-') {
    const text = await readWhole(ctx, 0)
    const shell = new Shell(ctx, { interactive: false, name: self })
    shell.state.positional = argv.slice(i + 1)
    const r = await shell.runScript(typeof text === 'number' ? '' : text)
    return r.exit ?? r.status
  }
  const fd = await ctx.open(opt, O_RDONLY)
  if (fd < 0) {
    await ctx.write(2, `${self}: ${opt}: ${strerror(fd)}\n`)
    return 127
  }
  const text = await readWhole(ctx, fd)
  ctx.close(fd)
  if (typeof text === 'number') {
    await ctx.write(2, `${self}: ${opt}: ${strerror(text)}\n`)
    return 126
  }
  const shell = new Shell(ctx, { interactive: false, name: opt })
  shell.state.positional = argv.slice(i + 1)
  const r = await shell.runScript(text)
  return r.exit ?? r.status
}
