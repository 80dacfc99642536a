import { describe, expect, it } from 'vitest'
import { shellSession } from './shell-session'

function session(lines: string[], user: 'root' | 'student' = 'root'): Promise<string> {
  return shellSession(lines, user, true)
}

describe('cc inside the machine', () => {
  it('writes an executable a.out (or -o FILE) that ./ runs, with gcc-style errors otherwise', async () => {
    const out = await session([
      `echo 'int main(void) { return 12; }' > t.c`,
      'cc -O2 -Wall -o prog t.c; ./prog; echo st=$?',
      'ls -l prog | head -c 10; echo',
      'cc missing.c; echo st=$?',
      'cc; echo st=$?',
      'cc --bogus t.c; echo st=$?'
    ])
    expect(out).toContain('st=12')
    expect(out).toContain('-rwxr-xr-x')
    expect(out).toContain('cc: error: missing.c: No such file or directory\ncc: fatal error: no input files\ncompilation terminated.\nst=1')
    expect(out).toContain('cc: fatal error: no input files')
    expect(out).toContain("cc: error: unrecognized command-line option '--bogus'\nst=1")
  })

  it('a student cannot write a.out into /root', async () => {
    const out = await session([`echo 'int main(void) { return 0; }' > /tmp/t.c`, 'cc -o /root/a.out /tmp/t.c; echo st=$?'], 'student')
    expect(out).toContain('cannot open output file /root/a.out: Permission denied')
    expect(out).toContain('st=1')
  })
})

describe('pagemap', () => {
  it('needs root and a live pid', async () => {
    expect(await session(['pagemap 1'], 'student')).toContain('pagemap: physical frame numbers need root')
    expect(await session(['pagemap 999'])).toContain('pagemap: no process 999')
  })

  it('shows a background program’s pages: private, zero-page and COW-shared after fork', async () => {
    const out = await session([
      `echo '#include <unistd.h>' > p.c`,
      `echo 'char buf[3 * 4096] __attribute__((aligned(4096)));' >> p.c`,
      `echo 'int main(void) { buf[0] = 1; volatile char c = buf[4096]; (void)c; fork(); sleep(1000); return 0; }' >> p.c`,
      'cc p.c',
      './a.out &',
      'sleep 0.2',
      'pagemap $!'
    ])
    expect(out).toMatch(/pagemap of pid \d+ \(/)
    // The written page is now mapped by parent and child (mapcount 2, read-only after fork).
    expect(out).toMatch(/\s2\s+0\s+rw-p\s+swapbacked,anon,pte:ro/)
    expect(out).toMatch(/zero_page/)
  })
})
