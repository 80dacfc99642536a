import type { NativeProgram, ProcessContext } from '../shell/os'
import { O_CREAT, O_TRUNC, O_WRONLY } from '../../kernel/fs/file'
import { compileInMachine } from './cc-driver'
import type { MachineProcessContext } from './process-context'

const USAGE = 'Usage: cc [-o FILE] [-D NAME[=VALUE]] [-I DIR] [-O LEVEL] [-g] [-W…] [-l LIB] FILE.c\n'

/**
 * `cc` / `gcc` inside the machine: compiles one C file of the machine's file system into an
 * executable file (a.out by default) that `./a.out` runs. Diagnostics are gcc's, on stderr;
 * optimisation, debug, warning and library flags are accepted and change nothing (PinLab links
 * its libc, libibverbs and liburing into every program).
 */
export const ccTool: NativeProgram = async (ctx: ProcessContext) => {
  const machine = (ctx as MachineProcessContext).machine
  const args = ctx.argv.slice(1)
  let output = 'a.out'
  const defines: Record<string, string> = {}
  const sources: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    const value = (flag: string): string | null => (a.length > flag.length ? a.slice(flag.length) : (args[++i] ?? null))
    if (a === '-o') {
      const v = args[++i]
      if (v === undefined) return fail(ctx, "cc: error: missing filename after '-o'\n")
      output = v
    } else if (a.startsWith('-D')) {
      const v = value('-D')
      if (v === null) return fail(ctx, "cc: error: macro name missing after '-D'\n")
      const eq = v.indexOf('=')
      defines[eq < 0 ? v : v.slice(0, eq)] = eq < 0 ? '1' : v.slice(eq + 1)
    } else if (a.startsWith('-I') || a.startsWith('-l') || a.startsWith('-L')) {
      if (a.length === 2) i++
    } else if (/^-(O[0-3sgz]?|g\d?|W.*|std=.*|pthread|static|no-pie|fno-.*|f.*|m64|pipe|v)$/.test(a)) {
      // accepted, no effect
    } else if (a === '--help') {
      await ctx.write(1, USAGE)
      return 0
    } else if (a.startsWith('-')) {
      return fail(ctx, `cc: error: unrecognized command-line option '${a}'\n`)
    } else sources.push(a)
  }
  if (sources.length === 0) return fail(ctx, 'cc: fatal error: no input files\ncompilation terminated.\n')
  if (sources.length > 1) return fail(ctx, 'cc: sorry, unimplemented: PinLab compiles one source file at a time\n')
  const source = sources[0]!
  const st = await ctx.stat(source)
  if (typeof st === 'number') {
    const why = st === -13 ? 'Permission denied' : 'No such file or directory'
    return fail(ctx, `cc: error: ${source}: ${why}\ncc: fatal error: no input files\ncompilation terminated.\n`)
  }
  const result = compileInMachine(machine, source, { uid: ctx.getuid(), cwd: ctx.cwd, defines })
  if (result.stderr) await ctx.write(2, result.stderr)
  if (!result.ok || !result.image) return 1
  const fd = await ctx.open(output, O_CREAT | O_WRONLY | O_TRUNC, 0o777)
  if (fd < 0) return fail(ctx, `/usr/bin/ld: cannot open output file ${output}: ${fd === -13 ? 'Permission denied' : 'No such file or directory'}\ncollect2: error: ld returned 1 exit status\n`)
  await ctx.write(fd, machine.registerImage(result.image))
  ctx.close(fd)
  return 0
}

async function fail(ctx: ProcessContext, text: string): Promise<number> {
  await ctx.write(2, text)
  return 1
}
