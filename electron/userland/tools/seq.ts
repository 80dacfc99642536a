/**
 * seq [-s SEP] [-w] [FIRST [INCREMENT]] LAST (GNU coreutils): numbers from FIRST to LAST. The
 * output uses as many decimals as the most precise of FIRST and INCREMENT, as GNU does; -w pads
 * with zeros to equal width.
 */
import type { NativeProgram } from '../shell/os'
import { Output, quoteLocale } from './lib'

function decimals(s: string): number {
  const m = /\.([0-9]*)/.exec(s)
  return m === null ? 0 : m[1]!.length
}

export const seq: NativeProgram = async (ctx) => {
  const args = ctx.argv.slice(1)
  let sep = '\n'
  let equalWidth = false
  const nums: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === '-s') sep = args[++i] ?? ''
    else if (a.startsWith('-s') && nums.length === 0) sep = a.slice(2)
    else if (a === '-w') equalWidth = true
    else nums.push(a)
  }
  const usage = "Try 'seq --help' for more information.\n"
  if (nums.length === 0) {
    await ctx.write(2, 'seq: missing operand\n' + usage)
    return 1
  }
  if (nums.length > 3) {
    await ctx.write(2, `seq: extra operand ${quoteLocale(nums[3]!)}\n` + usage)
    return 1
  }
  for (const n of nums) {
    if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(n)) {
      await ctx.write(2, `seq: invalid floating point argument: ${quoteLocale(n)}\n` + usage)
      return 1
    }
  }
  const [firstS, incS, lastS] = nums.length === 1 ? ['1', '1', nums[0]!] : nums.length === 2 ? [nums[0]!, '1', nums[1]!] : [nums[0]!, nums[1]!, nums[2]!]
  const first = Number(firstS)
  const inc = Number(incS)
  const last = Number(lastS)
  if (inc === 0) {
    await ctx.write(2, `seq: invalid Zero increment value: ${quoteLocale(incS)}\n` + usage)
    return 1
  }
  const prec = Math.max(decimals(firstS), decimals(incS))
  const format = (v: number): string => v.toFixed(prec)
  const values: string[] = []
  const out = new Output(ctx)
  let width = 0
  if (equalWidth) width = Math.max(format(first).length, format(last).length)
  let written = 0
  for (let k = 0; ; k++) {
    const v = first + k * inc
    if (inc > 0 ? v > last + 1e-12 : v < last - 1e-12) break
    let s = format(v)
    if (equalWidth) s = s.startsWith('-') ? '-' + s.slice(1).padStart(width - 1, '0') : s.padStart(width, '0')
    values.push(s)
    if (values.length >= 4096) {
      await out.write((written > 0 ? sep : '') + values.join(sep))
      written += values.length
      values.length = 0
      if (out.failed || ctx.killed) return 1
    }
  }
  if (values.length > 0) await out.write((written > 0 ? sep : '') + values.join(sep))
  if (written + values.length > 0) await out.write('\n')
  await out.flush()
  return out.failed ? 1 : 0
}
