/**
 * The machine's /usr/include.
 *
 * The headers are real files under ./usr/include; scripts/gen-headers.ts packs them into
 * headers.generated.ts because this layer cannot read files at run time. Their constants,
 * struct layouts and prototypes are those of glibc, rdma-core, liburing and the kernel uapi on
 * x86-64 (tests/unit/userland/include compares them with the host's headers through gcc).
 */
import { HEADERS } from './headers.generated'

export { HEADERS }

/** Where the headers appear in the simulated file system. */
export const SYSTEM_INCLUDE_DIR = '/usr/include'

/**
 * The text of a system header, or null if the machine has no such header.
 *
 * `name` is what stands between the angle brackets of an #include ("stdio.h",
 * "infiniband/verbs.h") or an absolute path under /usr/include ("/usr/include/sys/mman.h").
 * "." components and repeated slashes are ignored; ".." never leaves /usr/include.
 */
export function systemInclude(name: string): string | null {
  let path = name
  if (path === SYSTEM_INCLUDE_DIR || path.startsWith(SYSTEM_INCLUDE_DIR + '/')) path = path.slice(SYSTEM_INCLUDE_DIR.length)
  else if (path.startsWith('/')) return null
  const parts: string[] = []
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') {
      if (parts.length === 0) return null
      parts.pop()
    } else parts.push(part)
  }
  const key = parts.join('/')
  return Object.prototype.hasOwnProperty.call(HEADERS, key) ? HEADERS[key]! : null
}

/** The paths of all system headers, relative to /usr/include, sorted. */
export function systemHeaderNames(): string[] {
  return Object.keys(HEADERS).sort()
}
