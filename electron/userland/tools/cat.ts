/**
 * cat [-nbEA…] [FILE…]: concatenate, as GNU coreutils. -n numbers all lines (`%6d\t`, continuing
 * across files), -b numbers non-blank lines, -E marks line ends with `$`, -s squeezes blank lines.
 */
import { EISDIR, type NativeProgram } from '../shell/os'
import { Output, complain, openInput, parseArgs, strerror, usageError } from './lib'

export const cat: NativeProgram = async (ctx) => {
  const args = parseArgs(ctx.argv, {
    withValue: '',
    flags: 'nbEsuA',
    long: { number: 'n', 'number-nonblank': 'b', 'show-ends': 'E', 'squeeze-blank': 's', 'show-all': 'A' }
  })
  if (args.error !== undefined) return usageError(ctx, 'cat', args.error)
  const numberNonBlank = args.flags.has('b')
  const number = args.flags.has('n') || numberNonBlank
  const ends = args.flags.has('E')
  const squeeze = args.flags.has('s')
  const plain = !number && !ends && !squeeze
  const out = new Output(ctx)
  const files = args.operands.length === 0 ? ['-'] : args.operands
  let status = 0
  let lineNo = 0
  let atLineStart = true
  let blankRun = 0
  for (const name of files) {
    const o = await openInput(ctx, name)
    if ('error' in o) {
      await out.flush()
      await complain(ctx, 'cat', `${name}: ${strerror(o.error)}`)
      status = 1
      continue
    }
    for (;;) {
      const r = await ctx.read(o.fd, 65536)
      if (typeof r === 'number') {
        await out.flush()
        await complain(ctx, 'cat', `${name}: ${strerror(r === -EISDIR ? EISDIR : r)}`)
        status = 1
        break
      }
      if (r.length === 0) break
      if (plain) {
        await out.write(r)
      } else {
        let chunk = ''
        const textPart = new TextDecoder().decode(r)
        for (const ch of textPart) {
          if (atLineStart) {
            const blank = ch === '\n'
            if (blank) blankRun++
            else blankRun = 0
            if (squeeze && blank && blankRun > 1) continue
            if (number && !(numberNonBlank && blank)) chunk += `${String(++lineNo).padStart(6)}\t`
            else if (numberNonBlank && blank && ends) chunk += ''
          }
          if (ch === '\n') {
            chunk += ends ? '$\n' : '\n'
            atLineStart = true
          } else {
            chunk += ch
            atLineStart = false
          }
        }
        await out.write(chunk)
      }
      if (out.failed) return 1
    }
    if (o.close) ctx.close(o.fd)
  }
  await out.flush()
  return out.failed ? 1 : status
}
