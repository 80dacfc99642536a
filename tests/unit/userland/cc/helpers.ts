import { runTestProgram, type TestRunOptions } from '../../../../electron/userland/cc/testlibc'

/** Runs a C program with the test libc; returns stdout/status/signal. */
export function runC(src: string, o: TestRunOptions = {}) {
  return runTestProgram(src, { path: '/tmp/t.c', ...o })
}

export const HDR = '#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n'
