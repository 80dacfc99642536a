import { describe, expect, it } from 'vitest'
import { Session } from '../../../electron/host/session'

/** A session driven like a person at the terminal: type, wait for the shell, read the screen. */
async function withSession(fn: (s: { type: (text: string) => Promise<void>; screen: () => string; session: Session }) => Promise<void>, kernel: '6.18' | '5.10' = '6.18') {
  const session = new Session({ id: 's1', kernel, seed: 1, user: 'root', cols: 120, rows: 40 })
  let out = ''
  session.onOutput((d) => (out += d))
  session.start()
  const settle = async () => {
    for (let i = 0; i < 400; i++) {
      await new Promise((r) => setTimeout(r, 5))
      await session.idle()
      if (/# $/.test(out)) return
    }
  }
  const type = async (text: string) => {
    session.input(text)
    await settle()
  }
  try {
    await settle()
    await fn({ type, screen: () => out.replace(/\r\n/g, '\n'), session })
  } finally {
    session.dispose()
  }
}

describe('Session on the simulated machine', () => {
  it('compiles and runs C from the shell, with gcc-style diagnostics and the exit status', async () => {
    await withSession(async ({ type, screen }) => {
      await type(`echo 'int main(void) { return 4 }' > bad.c\r`)
      await type('cc bad.c; echo status=$?\r')
      expect(screen()).toContain("bad.c:1:26: error: expected ';' before '}' token")
      expect(screen()).toContain('status=1')
      await type(`echo '#include <stdio.h>' > ok.c; echo 'int main(void) { puts("hello from C"); return 9; }' >> ok.c\r`)
      await type('cc ok.c && ./a.out; echo status=$?\r')
      expect(screen()).toContain('hello from C\nstatus=9')
    })
  })

  it('stops an endless program on Ctrl-C within 100 ms of virtual time, and the shell keeps working', async () => {
    await withSession(async ({ type, screen, session }) => {
      await type(`echo 'int main(void) { volatile long n = 0; for (;;) n++; }' > spin.c; cc spin.c\r`)
      session.input('./a.out\r')
      const machine = session.machine!
      // Press Ctrl-C once the program is running (as a person would, after seeing it hang).
      for (let i = 0; i < 1000 && ![...machine.procs.values()].some((p) => p.comm === './a.out' && p.threads.length > 0); i++) {
        await new Promise((r) => setTimeout(r, 5))
      }
      await new Promise((r) => setTimeout(r, 20))
      const pressed = machine.now
      await type('\x03')
      expect(machine.now - pressed).toBeLessThan(100e6)
      await type('echo still alive $?\r')
      expect(screen()).toContain('still alive 130')
    })
  })

  it('reports a NULL dereference as the shell does', async () => {
    await withSession(async ({ type, screen }) => {
      await type(`echo 'int main(void) { int *p = 0; return *p; }' > null.c; cc null.c && ./a.out; echo $?\r`)
      expect(screen()).toContain('Segmentation fault (core dumped)\n139')
    })
  })

  it('reboots into another kernel version and says so', async () => {
    await withSession(async ({ type, screen, session }) => {
      const changes: string[] = []
      session.onChange((info) => changes.push(info.kernel))
      await type('reboot --kernel 5.10\r')
      for (let i = 0; i < 100 && session.info.kernel !== '5.10'; i++) await new Promise((r) => setTimeout(r, 10))
      await type('uname -r\r')
      expect(screen()).toContain('5.10.0-pinlab')
      expect(session.info.kernel).toBe('5.10')
      expect(changes).toEqual(['5.10'])
    })
  })
})
