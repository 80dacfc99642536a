/**
 * man [SECTION] NAME, man -k KEYWORD: PinLab's short pages, laid out like man-db's output for a
 * non-terminal (no bold), 80 columns.
 */
import type { NativeProgram } from '../shell/os'
import { Output } from './lib'
import { MAN_PAGES, type ManPage } from './man/pages'

function wrap(text: string, indent: number, width: number): string {
  const pad = ' '.repeat(indent)
  const lines: string[] = []
  for (const para of text.split('\n')) {
    let line = ''
    for (const word of para.split(/\s+/).filter((w) => w !== '')) {
      if (line !== '' && indent + line.length + 1 + word.length > width) {
        lines.push(pad + line)
        line = word
      } else line = line === '' ? word : line + ' ' + word
    }
    lines.push(pad + line)
  }
  return lines.join('\n')
}

export function renderPage(p: ManPage): string {
  const title = `${p.name.toUpperCase()}(${p.section})`
  const middle = p.section === 1 ? 'User Commands' : p.section === 2 ? 'System Calls Manual' : p.section === 3 ? 'Library Functions Manual' : p.section === 8 ? 'System Administration' : 'Kernel API'
  const gap = Math.max(1, 80 - title.length * 2 - middle.length)
  const left = Math.floor(gap / 2)
  const header = title + ' '.repeat(left) + middle + ' '.repeat(gap - left) + title
  const synopsis = p.synopsis.split('\n').map((l) => wrap(l, 7, 79)).join('\n')
  const footer = 'PinLab' + ' '.repeat(Math.max(1, 80 - 6 - title.length)) + title
  return `${header}\n\nNAME\n${wrap(`${p.name} - ${p.summary}`, 7, 79)}\n\nSYNOPSIS\n${synopsis}\n\nDESCRIPTION\n${wrap(p.description, 7, 79)}\n\n${footer}\n`
}

export const man: NativeProgram = async (ctx) => {
  const args = ctx.argv.slice(1)
  const out = new Output(ctx)
  if (args[0] === '-k') {
    const kw = (args[1] ?? '').toLowerCase()
    const hits = MAN_PAGES.filter((p) => p.name.toLowerCase().includes(kw) || p.summary.toLowerCase().includes(kw))
    if (hits.length === 0) {
      await ctx.write(2, `${args[1] ?? ''}: nothing appropriate.\n`)
      return 16
    }
    for (const p of hits) await out.write(`${p.name} (${p.section}) - ${p.summary}\n`)
    await out.flush()
    return 0
  }
  if (args.length === 0) {
    await ctx.write(2, 'What manual page do you want?\nFor example, try \'man man\'.\n')
    return 1
  }
  let section: number | undefined
  let names = args
  if (/^[1-9]$/.test(args[0]!) && args.length > 1) {
    section = Number(args[0])
    names = args.slice(1)
  }
  let status = 0
  for (const name of names) {
    const page = MAN_PAGES.find((p) => p.name === name && (section === undefined || p.section === section))
    if (page === undefined) {
      await out.flush()
      await ctx.write(2, section === undefined ? `No manual entry for ${name}\n` : `No manual entry for ${name} in section ${section}\n`)
      status = 16
      continue
    }
    await out.write(renderPage(page))
  }
  await out.flush()
  return status
}
