/**
 * An error in a check expression, with its place: `line:column` (1-based) and the source line
 * with a caret under the offending text, so an author sees what is wrong and where.
 */
export class CheckSyntaxError extends Error {
  readonly line: number
  readonly column: number
  /** The message alone, without the place and the caret picture. */
  readonly detail: string

  constructor(detail: string, readonly source: string, readonly start: number, readonly end: number) {
    const { line, column, text } = locate(source, start)
    const width = Math.max(1, Math.min(end, start + text.length - column + 1) - start)
    super(`${line}:${column}: ${detail}\n  ${text}\n  ${' '.repeat(column - 1)}${'^'.repeat(width)}`)
    this.name = 'CheckSyntaxError'
    this.line = line
    this.column = column
    this.detail = detail
  }
}

/** Line, column (1-based) and the text of the line that holds `offset`. */
export function locate(source: string, offset: number): { line: number; column: number; text: string } {
  const before = source.slice(0, offset)
  const line = before.split('\n').length
  const lineStart = before.lastIndexOf('\n') + 1
  const lineEnd = source.indexOf('\n', lineStart)
  return { line, column: offset - lineStart + 1, text: source.slice(lineStart, lineEnd < 0 ? source.length : lineEnd) }
}
