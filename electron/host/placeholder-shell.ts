/**
 * The placeholder shell: what the terminal runs until the real shell (electron/userland/shell)
 * is wired to a machine. It knows `help`, `clear`, `echo` and `exit`, and says plainly that it is
 * a placeholder, so nobody mistakes it for the simulated machine.
 */

export interface ShellReply {
  output: string
  /** Set when the shell ends (exit); the session then closes with this status. */
  exitStatus?: number
}

export const PLACEHOLDER_HELP = [
  'PinLab placeholder shell. Commands:',
  '  help     show this help',
  '  clear    clear the screen',
  '  echo     print its arguments',
  '  exit     end the session',
  'Keys: Left/Right, Home/End, Up/Down for history, Ctrl-U, Ctrl-K, Ctrl-W,',
  '      Ctrl-L to clear, Ctrl-C to abandon a line, Ctrl-D to end the session.',
  'The simulated machine (kernel, C compiler and tools) replaces this shell.'
]

export function runPlaceholderCommand(line: string): ShellReply {
  const words = line.trim().split(/\s+/).filter((w) => w !== '')
  if (words.length === 0) return { output: '' }
  const [command, ...args] = words as [string, ...string[]]
  switch (command) {
    case 'help':
      return { output: PLACEHOLDER_HELP.join('\r\n') + '\r\n' }
    case 'clear':
      return { output: '\x1b[H\x1b[2J' }
    case 'echo':
      return { output: args.join(' ') + '\r\n' }
    case 'exit': {
      const status = args[0] === undefined ? 0 : Number.parseInt(args[0], 10)
      return { output: 'logout\r\n', exitStatus: Number.isFinite(status) ? status & 0xff : 2 }
    }
    default:
      return { output: `pinlab: ${sanitize(command)}: command not found\r\n` }
  }
}

/** Keeps control characters typed by the user from being replayed as terminal commands. */
function sanitize(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]/g, (c) => `^${String.fromCharCode(c.charCodeAt(0) ^ 0x40)}`)
}
