/** gcc-style diagnostics. */

export type Severity = 'error' | 'fatal error' | 'warning' | 'note'

export interface Diagnostic {
  file: string
  line: number
  col: number
  /** caret length (1 = just "^", n > 1 adds "~"; 0 = print no source line) */
  len: number
  severity: Severity
  message: string
  /** e.g. "In function 'main':" context printed once before the first diagnostic in a function */
  func?: string
  /** a fix-it hint inserting this line before `line` (gcc prints "  +++ |+text") */
  insert?: string
}

/** Thrown internally to abandon a construct; never escapes compile(). */
export class CompileAbort extends Error {}

export class Diagnostics {
  list: Diagnostic[] = []
  errors = 0
  add(d: Diagnostic): void {
    if (this.list.length > 500) throw new CompileAbort('too many errors')
    this.list.push(d)
    if (d.severity === 'error' || d.severity === 'fatal error') this.errors++
  }
}

/**
 * Formats diagnostics exactly like gcc 12 with LANG=C:
 *
 *   x.c: In function 'main':
 *   x.c:3:5: error: 'y' undeclared (first use in this function)
 *       3 |     y = 1;
 *         |     ^
 */
export function formatDiagnostics(diags: Diagnostic[], sources: Map<string, string>): string {
  let out = ''
  let lastFunc: string | undefined = undefined
  const lines = new Map<string, string[]>()
  for (const d of diags) {
    if (d.func !== undefined && d.func !== lastFunc && d.line > 0) out += `${d.file}: In function '${d.func}':\n`
    if (d.func !== undefined || d.line > 0) lastFunc = d.func
    if (d.line <= 0 && d.file === '') {
      out += `${d.message}\n`
      continue
    }
    if (d.line <= 0) {
      out += `${d.file}: ${d.severity}: ${d.message}\n`
      continue
    }
    out += `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message}\n`
    if (d.insert !== undefined) out += `  +++ |+${d.insert}\n`
    if (d.len === 0 && d.insert === undefined) continue
    let ls = lines.get(d.file)
    if (!ls) {
      const src = sources.get(d.file)
      ls = src === undefined ? [] : src.split('\n')
      lines.set(d.file, ls)
    }
    const text = ls[d.line - 1]
    if (text === undefined) continue
    const num = String(d.line)
    const gutter = num.length < 5 ? ' '.repeat(5 - num.length) + num : num
    out += `${gutter} | ${text}\n`
    if (d.insert !== undefined) continue
    let pad = ''
    for (let i = 0; i < d.col - 1 && i < text.length; i++) pad += text[i] === '\t' ? '\t' : ' '
    out += `${' '.repeat(gutter.length)} | ${pad}^${'~'.repeat(Math.max(0, d.len - 1))}\n`
  }
  return out
}
