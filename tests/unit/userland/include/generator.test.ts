/**
 * headers.generated.ts is what scripts/gen-headers.ts makes of the .h files, and systemInclude()
 * serves exactly those files.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { collectHeaders, GENERATED_MODULE, renderHeadersModule } from '../../../../scripts/gen-headers'
import { HEADERS, systemHeaderNames, systemInclude } from '../../../../electron/userland/include'

describe('headers.generated.ts', () => {
  it('is up to date with electron/userland/include/usr/include (else run npx tsx scripts/gen-headers.ts)', () => {
    const fresh = renderHeadersModule(collectHeaders())
    const committed = readFileSync(GENERATED_MODULE, 'utf8')
    expect(committed === fresh, 'headers.generated.ts is stale: run npx tsx scripts/gen-headers.ts').toBe(true)
  })

  it('holds the same files as the tree', () => {
    expect(HEADERS).toEqual(collectHeaders())
  })

  it('notices a changed header', () => {
    const headers = collectHeaders()
    const changed = { ...headers, 'errno.h': headers['errno.h']!.replace('#define EFAULT\t14', '#define EFAULT\t15') }
    expect(changed['errno.h']).not.toBe(headers['errno.h'])
    expect(renderHeadersModule(changed)).not.toBe(renderHeadersModule(headers))
  })

  it('is valid TypeScript data: every value round-trips', () => {
    const text = renderHeadersModule({ 'a.h': 'x "quoted" \\ back\n', 'sys/b.h': '#define B 1\n' })
    expect(text).toContain('"a.h": "x \\"quoted\\" \\\\ back\\n"')
    expect(text).toContain('"sys/b.h": "#define B 1\\n"')
  })
})

describe('systemInclude', () => {
  it('serves the headers the issue asks for', () => {
    const required = [
      'stdio.h', 'stdlib.h', 'string.h', 'stdint.h', 'stddef.h', 'stdbool.h', 'errno.h', 'assert.h', 'unistd.h',
      'fcntl.h', 'signal.h', 'sys/mman.h', 'sys/wait.h', 'sys/uio.h', 'sys/ioctl.h', 'sys/stat.h', 'sys/types.h',
      'sys/resource.h', 'pthread.h', 'time.h', 'liburing.h', 'infiniband/verbs.h', 'linux/memfd.h', 'gup_test.h',
      'stdarg.h', 'limits.h', 'inttypes.h', 'ctype.h', 'sys/syscall.h', 'linux/mman.h', 'sys/time.h', 'sched.h'
    ]
    for (const name of required) expect(systemInclude(name), name).toContain('#')
  })

  it('accepts absolute paths under /usr/include and normalises . and //', () => {
    expect(systemInclude('/usr/include/sys/mman.h')).toBe(HEADERS['sys/mman.h'])
    expect(systemInclude('sys//mman.h')).toBe(HEADERS['sys/mman.h'])
    expect(systemInclude('./sys/./mman.h')).toBe(HEADERS['sys/mman.h'])
    expect(systemInclude('linux/../sys/mman.h')).toBe(HEADERS['sys/mman.h'])
  })

  it('returns null for what the machine does not have', () => {
    expect(systemInclude('nonexistent.h')).toBeNull()
    expect(systemInclude('/etc/passwd')).toBeNull()
    expect(systemInclude('../include/stdio.h')).toBeNull()
    expect(systemInclude('sys')).toBeNull()
    expect(systemInclude('')).toBeNull()
    expect(systemInclude('toString')).toBeNull()
  })

  it('lists every header once, sorted', () => {
    const names = systemHeaderNames()
    expect(names).toEqual([...names].sort())
    expect(new Set(names).size).toBe(names.length)
    expect(names).toContain('infiniband/verbs.h')
  })
})
