/**
 * PinLab's C compiler and virtual machine. See README.md for the API.
 */
import { CompileAbort, type Diagnostic, Diagnostics, formatDiagnostics } from './diag'
import { type FileReader, Preprocessor } from './preprocess'
import { Parser } from './parser'
import { Sorry } from './codegen'
import { type ProgramImage, link } from './link'
import type { NativeLibrary } from './vm'

export * from './vm'
export * from './memory'
export { type ProgramImage, type Segment, type SymbolEntry, type Relocation, TEXT_BASE, IMAGE_BASE } from './link'
export { loadImage, spawnProgram, execImage, STACK_TOP, DEFAULT_STACK_SIZE, TLS_SIZE, type LoadOptions, type LoadResult } from './loader'
export { formatPrintf, type FormatArgs } from '../libc/format'
export { type Diagnostic, formatDiagnostics } from './diag'
export type { FileReader } from './preprocess'
export type { Value } from './ast'
export type { CType } from './types'

export interface CompileOptions {
  /** path of the main source file (as shown in diagnostics and used for "…" includes) */
  path: string
  /** its text; when absent it is read with readFile */
  source?: string
  /** reads files of the machine's file system (headers, quoted includes); null when absent */
  readFile?: FileReader
  /** directories searched for <…> includes, default ['/usr/include']; the compiler's own
   *  headers (stdarg.h, stddef.h, stdbool.h, stdint.h, limits.h, float.h …) come after */
  includePath?: string[]
  /** -D definitions */
  defines?: Record<string, string>
  /** native libraries the program links against (functions and data objects by name) */
  libs?: NativeLibrary[]
}

export interface CompileResult {
  ok: boolean
  image: ProgramImage | null
  diagnostics: Diagnostic[]
  /** the diagnostics as gcc prints them on stderr */
  stderr: string
}

/** Preprocesses, parses, type-checks, generates code and links. Never throws. */
export function compile(opts: CompileOptions): CompileResult {
  const diags = new Diagnostics()
  const readFile: FileReader = opts.readFile ?? (() => null)
  let sources = new Map<string, string>()
  let image: ProgramImage | null = null
  try {
    const src = opts.source ?? readFile(opts.path)
    if (src === null) {
      diags.add({ file: 'cc1', line: 0, col: 0, len: 0, severity: 'error', message: `${opts.path}: No such file or directory` })
    } else {
      const pp = new Preprocessor({ readFile, includePath: opts.includePath, defines: opts.defines }, diags)
      sources = pp.sources
      const toks = pp.preprocessFile(opts.path, src)
      const nativeData = new Set<string>()
      for (const l of opts.libs ?? []) for (const k of Object.keys(l.data ?? {})) nativeData.add(k)
      const parser = new Parser(toks, diags, nativeData, pp.includeLines)
      const ast = parser.parse()
      if (diags.errors === 0) image = link(ast.globals, ast.funcs, ast.strings, opts.libs ?? [], diags, opts.path, ast.rootRefs)
    }
  } catch (e) {
    if (e instanceof Sorry) diags.add({ file: e.loc.file, line: e.loc.line, col: e.loc.col, len: 1, severity: 'error', message: e.message })
    else if (!(e instanceof CompileAbort)) {
      const msg = e instanceof Error ? e.message : String(e)
      diags.add({ file: opts.path, line: 0, col: 0, len: 0, severity: 'error', message: `internal compiler error: ${msg}` })
    }
    image = null
  }
  if (diags.errors > 0) image = null
  let stderr = formatDiagnostics(diags.list, sources)
  if (diags.list.some((d) => d.message.includes(': undefined reference to'))) stderr += 'collect2: error: ld returned 1 exit status\n'
  return { ok: image !== null, image, diagnostics: diags.list, stderr }
}
