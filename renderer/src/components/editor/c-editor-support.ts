import type { Text } from '@codemirror/state'
import { EditorView } from '@codemirror/view'
import { HighlightStyle } from '@codemirror/language'
import { tags } from '@lezer/highlight'
import type { Diagnostic } from '@codemirror/lint'
import type { CCheckDiagnostic } from '../../../../shared/protocol'

/**
 * The pure parts of the C editor: placing the host's diagnostics in the document, the command
 * the Run button types, and the two themes.
 */

/** A cc.check diagnostic as a CodeMirror range, clamped to the document as it is now. */
export function toEditorDiagnostic(doc: Text, d: CCheckDiagnostic): Diagnostic {
  const lineNo = Math.min(Math.max(1, d.line), doc.lines)
  const line = doc.line(lineNo)
  const from = line.from + Math.min(Math.max(0, d.column - 1), line.length)
  let to = from
  if (d.endLine !== undefined && d.endColumn !== undefined) {
    const endLine = doc.line(Math.min(Math.max(lineNo, d.endLine), doc.lines))
    to = Math.max(from, endLine.from + Math.min(Math.max(0, d.endColumn - 1), endLine.length))
  }
  return { from, to, severity: d.severity === 'note' ? 'info' : d.severity, message: d.message, source: 'gcc' }
}

/** Characters the shell treats as plain in a word. */
const SHELL_SAFE = /^[A-Za-z0-9_./+-]+$/

/** `text` as one shell word (single-quoted unless it is plain). */
export function shellQuote(text: string): string {
  return SHELL_SAFE.test(text) && !text.startsWith('-') ? text : `'${text.replace(/'/g, `'\\''`)}'`
}

/**
 * The command line the Run button types at the prompt: compile `path` into a program named
 * after it (`cow.c` → `cow`) in the shell's directory, and run it if that worked.
 */
export function runCommand(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1)
  const stem = base.replace(/\.[A-Za-z0-9]*$/, '').replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^[.-]+/, '')
  const name = stem && stem !== base ? stem : stem ? `${stem}.out` : 'a.out'
  return `gcc -o ${shellQuote(name)} ${shellQuote(path)} && ./${shellQuote(name)}`
}

/** The editor's chrome from the app's CSS variables, so both themes follow renderer/src/styles. */
export function editorChrome(dark: boolean, fontSize: number) {
  return EditorView.theme(
    {
      '&': { backgroundColor: 'var(--pl-bg)', color: 'var(--pl-text)', fontSize: `${fontSize}px`, height: '100%' },
      '.cm-content': { fontFamily: 'var(--pl-font-mono)', caretColor: 'var(--pl-text)' },
      '.cm-scroller': { fontFamily: 'var(--pl-font-mono)' },
      '.cm-gutters': { backgroundColor: 'var(--pl-surface)', color: 'var(--pl-muted)', borderRight: '1px solid var(--pl-border)' },
      '.cm-activeLine': { backgroundColor: 'var(--pl-surface)' },
      '.cm-activeLineGutter': { backgroundColor: 'var(--pl-raised)', color: 'var(--pl-text)' },
      '&.cm-focused': { outline: '2px solid var(--pl-focus)', outlineOffset: '2px' },
      '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--pl-text)' },
      '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground': {
        backgroundColor: dark ? '#264f78' : '#b6d6fd'
      },
      '.cm-tooltip': { backgroundColor: 'var(--pl-raised)', color: 'var(--pl-text)', border: '1px solid var(--pl-border)' },
      '.cm-panels': { backgroundColor: 'var(--pl-surface)', color: 'var(--pl-text)' }
    },
    { dark }
  )
}

/** Syntax colours with at least 4.5:1 contrast on the dark background (#0d1117). */
export const DARK_HIGHLIGHT = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.modifier, tags.operatorKeyword], color: '#ff7b72' },
  { tag: [tags.string, tags.character], color: '#a5d6ff' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: '#9198a1', fontStyle: 'italic' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: '#79c0ff' },
  { tag: [tags.typeName, tags.standard(tags.typeName)], color: '#ffa657' },
  { tag: [tags.function(tags.variableName), tags.macroName], color: '#d2a8ff' },
  { tag: [tags.processingInstruction, tags.meta], color: '#ff7b72' }
])

/** Syntax colours with at least 4.5:1 contrast on the light background (#ffffff). */
export const LIGHT_HIGHLIGHT = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.modifier, tags.operatorKeyword], color: '#cf222e' },
  { tag: [tags.string, tags.character], color: '#0a3069' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: '#59636e', fontStyle: 'italic' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: '#0550ae' },
  { tag: [tags.typeName, tags.standard(tags.typeName)], color: '#953800' },
  { tag: [tags.function(tags.variableName), tags.macroName], color: '#8250df' },
  { tag: [tags.processingInstruction, tags.meta], color: '#cf222e' }
])
