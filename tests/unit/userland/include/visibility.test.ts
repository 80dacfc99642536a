/**
 * What a program sees after including one header is at least what it sees with the host's.
 *
 * Real programs lean on what headers bring along: WEXITSTATUS straight from <stdlib.h> (for
 * system()), va_list from <stdio.h>, struct stat from <fcntl.h>, getpid() after only <signal.h>
 * (glibc's pulls in <unistd.h> when _GNU_SOURCE is on). A program that compiles natively must
 * compile in PinLab, so for every header the names the host header makes visible, among all the
 * names PinLab's headers define, must be visible after including PinLab's header alone.
 * PinLab's headers may show more than the host's (they ignore feature-test macros and share
 * <bits/types.h>); that direction is not checked.
 *
 * Implementation-reserved names (a leading "__") and include guards are left out.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { aggregates, allMacroNames, enumerators, HEADERS_ROOT, NO_SYSTEM_COUNTERPART, OUR_HEADERS, prototypes, requireToolchain, stripComments, typedefs } from './toolchain'

/** Names the host header shows that PinLab deliberately does not have, per header. */
const NOT_PROVIDED: Record<string, Record<string, string>> = {
  'liburing.h': {
    AF_UNSPEC: 'liburing.h includes <sys/socket.h>, which PinLab does not have (no sockets on the machine)',
    AF_INET: 'as AF_UNSPEC',
    AF_INET6: 'as AF_UNSPEC'
  }
}

type Kind = 'macro' | 'value' | 'type' | 'function' | 'tag'

function universe(): Map<string, Kind> {
  const u = new Map<string, Kind>()
  for (const m of allMacroNames()) u.set(m, 'macro')
  for (const text of Object.values(OUR_HEADERS)) {
    for (const m of stripComments(text).matchAll(/^[ \t]*#[ \t]*define[ \t]+(\w+)\(/gm)) u.set(m[1]!, 'macro') // function-like
  }
  for (const e of enumerators()) if (!u.has(e.name)) u.set(e.name, 'value')
  for (const t of typedefs()) if (!u.has(t.name)) u.set(t.name, 'type')
  for (const p of prototypes()) if (!u.has(p.name)) u.set(p.name, 'function')
  for (const a of aggregates()) if (/^(struct|union) /.test(a.type)) u.set(a.type, 'tag')
  for (const [name] of u) if (name.startsWith('__') || /^_\w*_H_?$/.test(name)) u.delete(name)
  return u
}

function probe(name: string, kind: Kind): string {
  switch (kind) {
    case 'macro':
      return `#ifndef ${name}\n#error MISSING ${name}\n#endif`
    case 'value':
      return `void p_${name}(void) { (void)(${name}); }`
    case 'type':
      return `void p_${name}(void) { (void)sizeof(${name}); }`
    case 'function':
      return `void p_${name}(void) { (void)&${name}; }`
    case 'tag':
      return `void p_${name.replace(' ', '_')}(void) { (void)sizeof(${name}); }`
  }
}

/** Which of the candidates are declared after `#include <header>` (one gcc run). */
function visible(dir: string, header: string, ours: boolean, candidates: Array<[string, Kind]>): Set<string> {
  if (candidates.length === 0) return new Set()
  const src = join(dir, `probe-${ours ? 'ours' : 'host'}.c`)
  writeFileSync(src, ['#define _GNU_SOURCE 1', `#include <${header}>`, ...candidates.map(([n, k]) => probe(n, k))].join('\n') + '\n')
  const include = ours ? ['-nostdinc', '-isystem', HEADERS_ROOT] : []
  const r = spawnSync('gcc', ['-std=gnu11', '-fsyntax-only', '-fmax-errors=0', '-w', ...include, src], { encoding: 'utf8' })
  const missing = new Set<string>()
  for (const m of r.stderr.matchAll(/#error MISSING (\w+)/g)) missing.add(m[1]!)
  for (const m of r.stderr.matchAll(/[‘'](\w+)[’'] undeclared/g)) missing.add(m[1]!)
  for (const m of r.stderr.matchAll(/incomplete type [‘']((?:struct|union) \w+)[’']/g)) missing.add(m[1]!)
  return new Set(candidates.map(([n]) => n).filter((n) => !missing.has(n)))
}

/** Identifiers appearing in the host header's preprocessed text: a cheap superset of what it declares. */
function hostTokens(dir: string, header: string): Set<string> {
  const src = join(dir, 'tokens.c')
  writeFileSync(src, `#define _GNU_SOURCE 1\n#include <${header}>\n`)
  const r = spawnSync('gcc', ['-std=gnu11', '-E', '-dD', src], { encoding: 'utf8', maxBuffer: 64 << 20 })
  if (r.status !== 0) throw new Error(`gcc -E <${header}> failed:\n${r.stderr}`)
  const tokens = new Set(r.stdout.match(/[A-Za-z_]\w*/g) ?? [])
  return tokens
}

describe('what each header makes visible', () => {
  const u = universe()
  const headers = Object.keys(OUR_HEADERS).filter((h) => !h.startsWith('bits/') && !NO_SYSTEM_COUNTERPART.has(h))

  it('has a universe of names to check', () => {
    expect(u.size).toBeGreaterThan(1500)
    expect(u.get('WEXITSTATUS')).toBe('macro')
    expect(u.get('pid_t')).toBe('type')
    expect(u.get('struct stat')).toBe('tag')
  })

  it.each(headers)('<%s> shows everything the host header shows', (header) => {
    requireToolchain()
    const dir = mkdtempSync(join(tmpdir(), 'pinlab-visible-'))
    try {
      const tokens = hostTokens(dir, header)
      // a name can only be visible on the host if it occurs in the preprocessed header
      const candidates = [...u].filter(([name]) => tokens.has(name.replace(/^(struct|union) /, '')))
      const ours = visible(dir, header, true, candidates)
      const lacking = candidates.filter(([name]) => !ours.has(name))
      const host = visible(dir, header, false, lacking)
      const allowed = NOT_PROVIDED[header] ?? {}
      const missing = [...host].filter((n) => !(n in allowed)).sort()
      expect(missing, `visible after the host's <${header}> but not after PinLab's`).toEqual([])
      // the allowances stay honest: each is still missing in PinLab and present on the host
      for (const n of Object.keys(allowed)) expect(host.has(n), `${header}: ${n} is in NOT_PROVIDED but no longer needed`).toBe(true)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
