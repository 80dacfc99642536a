import type { NativeFn } from '../cc/vm'

/** The pure half of libc (string, ctype, strtol, qsort, rand, strerror), gathered in one table. */
export const pureFunctions: Record<string, NativeFn> = {}
