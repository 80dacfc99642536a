/**
 * `cc.check`: the editor's compile-only lint. Structured diagnostics placed in the checked file,
 * the session's user and directory, and hostile sources that give diagnostics, never a crash.
 */
import { describe, expect, it } from 'vitest'
import { MAX_REQUEST_BYTES, PinlabApiError, type ApiEvent, type PinlabApi } from '../../../shared/api'
import { absolutePath, checkCSource, includeLineFor } from '../../../electron/host/cc-check'
import { bootMachine } from '../../../electron/userland/os/boot'
import type { Machine } from '../../../electron/userland/os/machine'
import { StaticLabCatalog } from '../../../electron/host/lab-catalog'
import { SessionHost, connectDirect } from '../../../electron/host/session-host'
import { MemorySettingsStore } from '../../../electron/host/settings-store'

const ROOT = { uid: 0, cwd: '/root' }

function withMachine(fn: (m: Machine) => void): void {
  const machine = bootMachine({ kernel: '6.18', seed: 1 })
  try {
    fn(machine)
  } finally {
    machine.dispose()
  }
}

describe('checkCSource', () => {
  it('returns the compiler’s diagnostics with line, column, span and severity', () => {
    withMachine((m) => {
      expect(checkCSource(m, { ...ROOT, path: 'ok.c', source: '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n' })).toEqual([])
      const [d] = checkCSource(m, { ...ROOT, path: 'bad.c', source: 'int main(void) { return 4 }' })
      expect(d).toEqual({ line: 1, column: 26, endLine: 1, endColumn: 27, severity: 'error', message: "expected ';' before '}' token" })
      const undeclared = checkCSource(m, { ...ROOT, path: 'u.c', source: 'int main(void) {\n  return yyy;\n}\n' })
      expect(undeclared[0]).toMatchObject({ line: 2, column: 10, endLine: 2, endColumn: 13, severity: 'error' })
      expect(undeclared[0]!.message).toContain("'yyy' undeclared")
      expect(undeclared.some((x) => x.severity === 'note')).toBe(true)
    })
  })

  it('checks the text it is given, not the saved file, and changes nothing on the machine', () => {
    withMachine((m) => {
      m.vfs.writeFile('/root/main.c', 'int main(void) { return 0; }\n')
      const names = () => (m.vfs.lookup('/root', m.vfs.root, { uid: 0, gid: 0 }) as { children: Map<string, unknown> }).children.keys()
      const before = [...names()]
      const events: string[] = []
      const off = m.kernel.subscribe((e) => events.push(e.type))
      const clock = m.kernel.clock
      const diags = checkCSource(m, { ...ROOT, path: '/root/main.c', source: 'int main(void) { return x; }\n' })
      off()
      expect(diags[0]!.message).toContain("'x' undeclared")
      expect(events).toEqual([])
      expect(m.kernel.clock).toBe(clock)
      expect(new TextDecoder().decode(m.vfs.contentsOf(m.vfs.lookup('/root/main.c', m.vfs.root, { uid: 0, gid: 0 }) as never))).toBe(
        'int main(void) { return 0; }\n'
      )
      expect(m.vfs.lookup('/root/a.out', m.vfs.root, { uid: 0, gid: 0 })).toBeTypeOf('number')
      expect([...names()]).toEqual(before)
    })
  })

  it('resolves quoted includes next to the file and places a header’s error on its #include line', () => {
    withMachine((m) => {
      m.vfs.writeFile('/root/proj/helper.h', 'int helper(void) { return 1; }\n')
      m.vfs.writeFile('/root/proj/broken.h', 'int broken(void) { return 1 }\n')
      const ok = '#include "helper.h"\nint main(void) { return helper(); }\n'
      expect(checkCSource(m, { ...ROOT, path: 'proj/main.c', source: ok })).toEqual([])
      // Elsewhere the header is not found: a fatal error on the #include line.
      const missing = checkCSource(m, { ...ROOT, path: 'other.c', source: ok })
      expect(missing).toEqual([{ line: 1, column: 10, endLine: 1, endColumn: 20, severity: 'error', message: 'helper.h: No such file or directory' }])
      const viaHeader = checkCSource(m, { ...ROOT, path: '/root/proj/m.c', source: '#include <stdio.h>\n#include "broken.h"\nint main(void) { return broken(); }\n' })
      expect(viaHeader[0]).toMatchObject({ line: 2, column: 1, severity: 'error' })
      expect(viaHeader[0]!.message).toBe("/root/proj/broken.h:1:28: expected ';' before '}' token")
    })
  })

  it('reads includes as the session’s user: a student cannot include files they may not read', () => {
    withMachine((m) => {
      m.vfs.writeFile('/root/secret.h', 'int secret = 42;\n')
      m.vfs.writeFile('/tmp/private.h', 'int priv = 1;\n', 0o600, 0, 0)
      const student = { uid: 1000, cwd: '/home/student' }
      const a = checkCSource(m, { ...student, path: 'a.c', source: '#include "/root/secret.h"\nint main(void) { return secret; }\n' })
      expect(a[0]).toMatchObject({ line: 1, severity: 'error', message: '/root/secret.h: No such file or directory' })
      const b = checkCSource(m, { ...student, path: 'b.c', source: '#include "../../tmp/private.h"\nint main(void) { return priv; }\n' })
      expect(b[0]).toMatchObject({ line: 1, severity: 'error', message: '../../tmp/private.h: No such file or directory' })
      // root may.
      expect(checkCSource(m, { ...ROOT, path: 'c.c', source: '#include "/tmp/private.h"\nint main(void) { return priv; }\n' })).toEqual([])
    })
  })

  it('gives diagnostics, never a crash, for hostile sources', () => {
    withMachine((m) => {
      const hostile: Record<string, string> = {
        shadow: '#include "/etc/shadow"\n',
        passwd: '#include "../../../../../etc/passwd"\nint main(void) { return 0; }\n',
        devzero: '#include "/dev/zero"\n',
        directory: '#include "/etc"\n',
        unterminatedComment: 'int main(void) { return 0; }\n/* never closed',
        unterminatedString: 'char *s = "abc\nint main(void) { return 0; }\n',
        binary: Array.from({ length: 4000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join(''),
        nul: 'int main(void) {\0 return 0; }',
        deepNesting: `int main(void) { return ${'('.repeat(5000)}0${')'.repeat(5000)}; }`,
        selfInclude: '#include "loop.c"\nint main(void) { return 0; }\n',
        noMain: 'int f(void) { return 0; }\n'
      }
      m.vfs.writeFile('/root/loop.c', '#include "loop.c"\n')
      for (const [name, source] of Object.entries(hostile)) {
        const diags = checkCSource(m, { ...ROOT, path: name === 'selfInclude' ? 'loop.c' : `${name}.c`, source })
        expect(diags.length, name).toBeGreaterThan(0)
        const lines = source.split('\n').length
        for (const d of diags) {
          expect(d.line, name).toBeGreaterThanOrEqual(1)
          expect(d.line, name).toBeLessThanOrEqual(lines)
          expect(d.column, name).toBeGreaterThanOrEqual(1)
          expect(['error', 'warning', 'note'], name).toContain(d.severity)
          expect(d.message.length, name).toBeGreaterThan(0)
        }
        expect(diags.some((d) => d.severity === 'error'), name).toBe(true)
      }
      const passwd = checkCSource(m, { ...ROOT, path: 'p.c', source: hostile.passwd! })
      expect(passwd[0]!.message.startsWith('/etc/passwd:1:')).toBe(true)
      expect(checkCSource(m, { ...ROOT, path: 'm.c', source: hostile.noMain! })[0]!.message).toContain("undefined reference to `main'")
    })
  })

  it('copes with a source as large as a request may carry', () => {
    withMachine((m) => {
      const line = 'int v%d = %d; /* padding padding padding padding */\n'
      let source = ''
      for (let i = 0; source.length < MAX_REQUEST_BYTES - 2000; i++) source += line.replace('%d', String(i)).replace('%d', String(i))
      source += 'int main(void) { return v0 + undefined_thing; }\n'
      const diags = checkCSource(m, { ...ROOT, path: 'big.c', source })
      expect(diags[0]).toMatchObject({ line: source.split('\n').length - 1, severity: 'error' })
    })
  })
})

describe('helpers', () => {
  it('absolutePath resolves against the cwd and never climbs above /', () => {
    expect(absolutePath('a.c', '/root')).toBe('/root/a.c')
    expect(absolutePath('./x/../b.c', '/home/student/')).toBe('/home/student/b.c')
    expect(absolutePath('../../../../etc/passwd', '/root')).toBe('/etc/passwd')
    expect(absolutePath('/tmp//c.c', '/root')).toBe('/tmp/c.c')
  })

  it('includeLineFor finds the #include that names a file', () => {
    const lines = ['// x', '#include <stdio.h>', ' #  include "sub/util.h"', 'int x;']
    expect(includeLineFor('/root/sub/util.h', lines)).toBe(3)
    expect(includeLineFor('/usr/include/stdio.h', lines)).toBe(2)
    expect(includeLineFor('/usr/include/bits/types.h', lines)).toBe(2)
    expect(includeLineFor('/x.h', ['int x;'])).toBe(1)
  })
})

describe('cc.check over the host API', () => {
  async function errorOf(p: Promise<unknown>): Promise<PinlabApiError> {
    const e = await p.then(() => null, (err: unknown) => err)
    expect(e).toBeInstanceOf(PinlabApiError)
    return e as PinlabApiError
  }

  async function openSession(user: 'root' | 'student'): Promise<{ api: PinlabApi; sessionId: string; dispose: () => void; out: () => string }> {
    const host = new SessionHost({ settings: new MemorySettingsStore(), labs: new StaticLabCatalog([]) })
    const { api, connection } = connectDirect(host)
    let out = ''
    api.onEvent((e: ApiEvent) => {
      if (e.event === 'terminal.output') out += e.payload.data
    })
    const { sessionId } = await api.request('session.create', { user })
    expect((await errorOf(api.request('cc.check', { sessionId, path: 'a.c', source: '' }))).code).toBe('unsupported')
    for (let i = 0; i < 400 && !/[#$] $/.test(out); i++) await new Promise((r) => setTimeout(r, 5))
    return { api, sessionId, dispose: () => connection.dispose(), out: () => out }
  }

  it('compiles in the session’s cwd as its user, and refuses bad parameters with a sentence', async () => {
    const { api, sessionId, dispose, out } = await openSession('student')
    try {
      api.request('terminal.input', { sessionId, data: "cd /tmp && echo 'int shared_value = 3;' > v.h\r" })
      for (let i = 0; i < 400 && !/v\.h\r\n.*\$ $/s.test(out()); i++) await new Promise((r) => setTimeout(r, 5))
      const good = await api.request('cc.check', { sessionId, path: 'main.c', source: '#include "v.h"\nint main(void) { return shared_value; }\n' })
      expect(good).toEqual({ diagnostics: [] })
      const denied = await api.request('cc.check', { sessionId, path: 'main.c', source: '#include "/root/.profile"\n' })
      expect(denied.diagnostics[0]).toMatchObject({ line: 1, severity: 'error' })
      for (const bad of [
        { sessionId, path: '', source: '' },
        { sessionId, path: 'a\0.c', source: '' },
        { sessionId, path: 'dir/', source: '' },
        { sessionId, path: 'a.c' },
        { sessionId, path: 'a.c', source: 5 },
        { sessionId, path: 'x'.repeat(5000), source: '' },
        { sessionId, path: 'a.c', source: '', run: true }
      ]) {
        const e = await errorOf(api.request('cc.check', bad as never))
        expect(e.code).toBe('invalid-params')
        expect(e.message).toMatch(/^Invalid parameters for cc\.check: .+\.$/)
      }
      expect((await errorOf(api.request('cc.check', { sessionId, path: 'a.c', source: 'x'.repeat(MAX_REQUEST_BYTES) }))).code).toBe('too-large')
      expect((await errorOf(api.request('cc.check', { sessionId: 's999', path: 'a.c', source: '' }))).code).toBe('no-session')
    } finally {
      dispose()
    }
  })
})
