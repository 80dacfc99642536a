import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../..', import.meta.url))

/** `npm run -s pinlab -- run …`, as the architecture page specifies it. */
function pinlab(args: string[], input?: string) {
  const r = spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'electron/cli/index.ts'), ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    timeout: 60_000
  })
  return { stdout: r.stdout, stderr: r.stderr, status: r.status }
}

const dir = mkdtempSync(join(tmpdir(), 'pinlab-cli-'))
writeFileSync(join(dir, 'config.h'), '#define GREETING "hello"\n')
writeFileSync(
  join(dir, 'hello.c'),
  `#include <stdio.h>
#include <unistd.h>
#include "config.h"
int main(int argc, char **argv) {
  char cwd[64];
  getcwd(cwd, sizeof cwd);
  printf("%s %s from %s as uid %d\\n", GREETING, argc > 1 ? argv[1] : "?", cwd, getuid());
  fprintf(stderr, "a line on stderr\\n");
  return 42;
}
`
)
writeFileSync(join(dir, 'segv.c'), 'int main(void) { volatile int *p = 0; return *p; }\n')
writeFileSync(join(dir, 'bad.c'), 'int main(void) { return x; }\n')
writeFileSync(
  join(dir, 'build.sh'),
  `echo "args: $# $1"
echo '#include <stdio.h>' > hi.c
echo 'int main(void) { puts("compiled in a script"); return 3; }' >> hi.c
cc hi.c && ./a.out
echo "status $?"
exit 5
`
)
writeFileSync(join(dir, 'echo.c'), '#include <stdio.h>\nint main(void) { char b[100]; while (fgets(b, sizeof b, stdin)) printf("> %s", b); return 0; }\n')

describe('pinlab run', () => {
  it('compiles with quoted includes from next to the file, passes ARGS and exits with the status', () => {
    const r = pinlab(['run', join(dir, 'hello.c'), 'world'])
    expect(r.stdout).toBe('hello world from /root as uid 0\n')
    expect(r.stderr).toBe('a line on stderr\n')
    expect(r.status).toBe(42)
  })

  it('runs as the student in /home/student with --user student', () => {
    const r = pinlab(['run', '--user', 'student', '--kernel', '5.10', '--seed', '7', join(dir, 'hello.c')])
    expect(r.stdout).toBe('hello ? from /home/student as uid 1000\n')
  })

  it('reports a death by signal as the shell does and exits 128 + N', () => {
    const r = pinlab(['run', join(dir, 'segv.c')])
    expect(r.stderr).toBe('Segmentation fault (core dumped)\n')
    expect(r.status).toBe(139)
  })

  it('prints gcc-style diagnostics and exits 1 when the program does not compile', () => {
    const r = pinlab(['run', join(dir, 'bad.c')])
    expect(r.stderr).toContain("bad.c:1:25: error: 'x' undeclared (first use in this function)")
    expect(r.stderr).toContain('    1 | int main(void) { return x; }')
    expect(r.status).toBe(1)
  })

  it('feeds piped stdin to the program', () => {
    const r = pinlab(['run', join(dir, 'echo.c')], 'one\ntwo\n')
    expect(r.stdout).toBe('> one\n> two\n')
    expect(r.status).toBe(0)
  })

  it('runs a .sh file in the shell with its ARGS and exit status', () => {
    const r = pinlab(['run', join(dir, 'build.sh'), 'one', 'two'])
    expect(r.stdout).toBe('args: 2 one\ncompiled in a script\nstatus 3\n')
    expect(r.status).toBe(5)
  })

  it('refuses bad usage with a clear message and status 2, a missing file with 127', () => {
    const badKernel = pinlab(['run', '--kernel', '2.6', join(dir, 'hello.c')])
    expect(badKernel.stderr).toContain("unsupported kernel '2.6'")
    expect(badKernel.status).toBe(2)
    expect(pinlab(['run']).status).toBe(2)
    const missing = pinlab(['run', join(dir, 'nope.c')])
    expect(missing.stderr).toContain('No such file or directory')
    expect(missing.status).toBe(127)
  })
})
