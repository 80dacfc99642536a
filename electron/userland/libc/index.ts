/**
 * PinLab's C library: the natives a compiled program links against. The OS-facing half
 * (stdio, malloc, syscalls, processes) runs on the machine; the pure half (string, ctype,
 * strtol, qsort, rand, strerror) only computes. Prototypes come from /usr/include.
 */
import type { NativeLibrary } from '../cc/vm'
import { allocFunctions } from './alloc'
import { exitFunctions } from './exit'
import { mmanFunctions } from './mman'
import { processFunctions } from './process'
import { stdioData, stdioFunctions } from './stdio'
import { unistdFunctions } from './unistd'
import { pureFunctions } from './pure'
import { pthreadFunctions } from './pthread'
import { execFunctions } from './exec'
import { fcntlFunctions } from './fcntl'
import { spliceFunctions } from './splice'
import { credFunctions } from './cred'
import { syncFunctions } from './sync'
import { liburingFunctions } from './liburing'
import { verbsFunctions } from './verbs'

export function libc(): NativeLibrary {
  return {
    functions: {
      ...pureFunctions,
      ...stdioFunctions,
      ...allocFunctions,
      ...exitFunctions,
      ...unistdFunctions,
      ...processFunctions,
      ...mmanFunctions,
      ...pthreadFunctions,
      ...execFunctions,
      ...fcntlFunctions,
      ...spliceFunctions,
      ...credFunctions,
      ...syncFunctions,
      ...liburingFunctions,
      ...verbsFunctions
    },
    data: { ...stdioData }
  }
}
