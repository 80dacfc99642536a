import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { machine } from './harness'
import { shellQuote } from '../../../../electron/userland/shell/builtins/printf'

/** The real bash's output with stderr merged (as on a terminal), its error prefix made a login shell's. */
function bash(script: string): string {
  const r = spawnSync('/bin/bash', ['-c', `exec 2>&1; ${script}`], { argv0: 'bash', env: { PATH: '/usr/bin:/bin', LC_ALL: 'C.UTF-8' } })
  return r.stdout.toString().replace(/^bash: line \d+: /gm, '-bash: ')
}

describe('printf builtin, compared with bash', () => {
  it.each([
    `printf '%s|%5s|%-5s|%.2s\\n' abc de fg hijk`,
    `printf '%d %i %5d %-5d| %05d %+d % d %.3d\\n' 42 -7 3 4 5 6 7 8`,
    `printf '%x %X %o %#x %#o %u\\n' 255 255 8 255 8 -1`,
    `printf '%f %.2f %10.3f %-10.1f| %e %E %.3e\\n' 3.14159 2.5 1.0006 -2 12345.678 0.000123 1`,
    `printf '%g %g %g %g %G %#g\\n' 100000 1000000 0.0001 0.00001 1e-10 1.5`,
    `printf '%c%c%c\\n' abc d ''`,
    `printf '%s-%s\\n' a b c`,
    `printf 'no args %s %d|\\n'`,
    `printf '%b\\n' 'a\\tb' 'c\\0101d' 'stop\\chere' never`,
    `printf '%q %q %q %q\\n' 'a b' "it's" '' 'x*y'`,
    `printf '\\x41\\101\\u00e9\\t\\\\ %%\\n'`,
    `printf '%d|%d\\n' abc 12x; echo $?`,
    `printf '%s %z|' a b; echo " $?"`,
    `printf 'ab%'; echo " $?"`,
    `printf '%*d|%-*d|%.*f\\n' 5 42 4 7 2 3.14159`,
    `printf '%d %x\\n' "'A" 0x1F 010`,
    `printf '%5.1s|\\n' xyz`,
    `printf 'page %d at 0x%08lx\\n' 3 4096`,
    `printf '%s\\n'`
  ])('%s', async (script) => {
    const m = machine()
    expect(await m.run(script)).toBe(bash(script))
  })

  it('quotes like bash %q for control characters', () => {
    expect(shellQuote('a\nb')).toBe("$'a\\nb'")
  })
})
