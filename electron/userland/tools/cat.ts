/**
 * cat [-nbEsvTAet] [FILE…]: concatenate, as GNU coreutils. -n numbers all lines (`%6d\t`,
 * continuing across files), -b numbers non-blank lines, -E marks line ends with `$`, -s squeezes
 * blank lines, -v shows control bytes as ^X and high bytes as M-x, -T tabs as ^I; -A is -vET,
 * -e is -vE, -t is -vT.
 */
import { EISDIR, type NativeProgram } from '../shell/os'
import { Output, complain, openInput, parseArgs, strerror, usageError } from './lib'

export const cat: NativeProgram = async (ctx) => {
  const args = parseArgs(ctx.argv, {
    withValue: '',
    flags: 'nbEsuAvTet',
    long: { number: 'n', 'number-nonblank': 'b', 'show-ends': 'E', 'squeeze-blank': 's', 'show-all': 'A', 'show-nonprinting': 'v', 'show-tabs': 'T' }
  })
  if (args.error !== undefined) return usageError(ctx, 'cat', args.error)
  const numberNonBlank = args.flags.has('b')
  const number = args.flags.has('n') || numberNonBlank
  const has = (c: string): boolean => args.flags.has(c)
  const ends = has('E') || has('A') || has('e')
  const tabs = has('T') || has('A') || has('t')
  const nonprinting = has('v') || has('A') || has('e') || has('t')
  const squeeze = has('s')
  const plain = !number && !ends && !squeeze && !tabs && !nonprinting
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
        const chunk: number[] = []
        const push = (text: string): void => {
          for (let k = 0; k < text.length; k++) chunk.push(text.charCodeAt(k))
        }
        for (const b of r) {
          if (atLineStart) {
            const blank = b === 10
            if (blank) blankRun++
            else blankRun = 0
            if (squeeze && blank && blankRun > 1) continue
            if (number && !(numberNonBlank && blank)) push(`${String(++lineNo).padStart(6)}\t`)
          }
          if (b === 10) {
            if (ends) push('$')
            chunk.push(10)
            atLineStart = true
            continue
          }
          atLineStart = false
          if (b === 9) {
            if (tabs) push('^I')
            else chunk.push(9)
          } else if (nonprinting) push(showByte(b))
          else chunk.push(b)
        }
        await out.write(Uint8Array.from(chunk))
      }
      if (out.failed) return 1
    }
    if (o.close) ctx.close(o.fd)
  }
  await out.flush()
  return out.failed ? 1 : status
}

/** cat -v: ^X for control bytes, ^? for DEL, M- for bytes with the high bit set. */
function showByte(b: number): string {
  if (b >= 128) return 'M-' + showByte(b - 128)
  if (b < 32) return '^' + String.fromCharCode(b + 64)
  if (b === 127) return '^?'
  return String.fromCharCode(b)
}
