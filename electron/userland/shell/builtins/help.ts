/** `help [NAME]`: PinLab's shell summary, or one builtin's usage line. */
import type { Builtin } from './types'

/** One-line usage of each builtin, as `help NAME` prints it. */
export const BUILTIN_USAGE: Readonly<Record<string, string>> = {
  cd: 'cd [dir] - change the working directory (- for the previous one)',
  pwd: 'pwd - print the working directory',
  echo: 'echo [-neE] [arg ...] - write arguments to standard output',
  export: 'export [-n] [name[=value] ...] - set the export attribute of variables',
  unset: 'unset name ... - remove variables',
  set: 'set [-- arg ...] - set the positional parameters, or list variables',
  shift: 'shift [n] - shift the positional parameters',
  exit: 'exit [n] - leave the shell (or return from su) with status n',
  logout: 'logout [n] - leave the login shell',
  true: 'true - do nothing, successfully',
  false: 'false - do nothing, unsuccessfully',
  ':': ': - do nothing, successfully',
  type: 'type name ... - say how each name would be interpreted',
  history: 'history [-c] [n] - list (or clear) the command history',
  ulimit: 'ulimit [-SHa] [-l|-n|-s|-c|...] [limit|unlimited] - show or set resource limits (-l: locked memory, KiB)',
  su: 'su [-] [user] - start a shell as user (student or root; no password on this machine); exit returns',
  help: 'help [name] - this help',
  clear: 'clear - clear the terminal screen',
  reboot: 'reboot [--kernel VERSION] - reboot the machine, with another kernel version',
  read: 'read [-r] [-p prompt] [name ...] - read a line from standard input',
  test: 'test expr - evaluate a conditional expression',
  printf: 'printf format [arguments] - formatted output (%s %d %x %o %c %b %q %f %e %g, width, precision)',
  break: 'break [n] - leave the n-th enclosing for/while/until loop',
  continue: 'continue [n] - next iteration of the n-th enclosing loop',
  source: 'source file [arguments] - run the file\'s commands in this shell (also: . file)',
  wait: 'wait [pid ...] - wait for background jobs and return the status of the last',
  kill: 'kill [-s sigspec | -sigspec] pid ... | kill -l [sigspec] - send a signal to processes',
  '[': '[ expr ] - evaluate a conditional expression'
}

const SUMMARY = `PinLab shell, a bash-like shell for the simulated Linux machine.
Type \`help name' for one builtin, \`man name' for a command or system call.

Syntax: pipes (a | b), lists (a ; b, a && b, a || b, a &), redirections
(< > >> 2> 2>&1 &> N>file), quoting ('…' "…" \\x), variables ($VAR \${VAR:-default} $? $$ $!),
$(command) and \`command\`, $((arithmetic)), globs (* ? [..]), ~, if/while/until/for, ( … ) and { …; }.
Keys: Tab completes commands and paths (twice lists them), Up/Down history,
Ctrl-C interrupts, Ctrl-D logs out, Ctrl-L clears.

Builtins:
`

export const help: Builtin = async ({ argv, io, shell }) => {
  const name = argv[1]
  if (name !== undefined) {
    const usage = BUILTIN_USAGE[name]
    if (usage === undefined) {
      await io.write(2, `${shell.errorPrefix()}help: no help topics match \`${name}'.  Try \`help help' or \`man -k ${name}' or \`info ${name}'.\n`)
      return 1
    }
    await io.write(1, usage + '\n')
    return 0
  }
  const names = Object.keys(BUILTIN_USAGE)
  await io.write(1, SUMMARY + names.map((n) => ' ' + BUILTIN_USAGE[n]).join('\n') + '\n\nCommands: ls cat echo head tail wc grep hexdump xxd ps kill dmesg free vmstat env sleep uname true false clear man\nC and memory: cc (gcc) compiles a .c file to a.out; pagemap PID shows the pages, frames and pins of a process\n')
  return 0
}
