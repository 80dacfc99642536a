import type { VueWrapper } from '@vue/test-utils'
import type { Terminal } from '@xterm/xterm'
import TerminalPane from '../../../renderer/src/components/TerminalPane.vue'

/** The xterm.js Terminal that TerminalPane exposes (its test hook). */
export function terminalOf(wrapper: VueWrapper): Terminal {
  const pane = wrapper.findComponent(TerminalPane)
  const term = (pane.vm as unknown as { terminal: Terminal | null }).terminal
  if (!term) throw new Error('TerminalPane has no terminal (not mounted?)')
  return term
}

/** Every line of the active buffer, trailing blanks trimmed, blank lines at the end dropped. */
export function screenText(term: Terminal): string {
  const buffer = term.buffer.active
  const lines: string[] = []
  for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '')
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  return lines.join('\n')
}
