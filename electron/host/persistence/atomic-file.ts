import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * Replaces `path` with `data` so that a reader (or the next start after a crash) sees either the
 * old file or the new one, never a half-written mix: the data goes to a temporary file next to
 * it, is flushed to the disk, and is renamed over the target (an atomic step on one file system).
 * The file is private to the user (mode 0600): a profile holds a learner's work.
 */
export function writeFileAtomic(path: string, data: string): void {
  mkdirSync(dirname(path), { recursive: true })
  const tmp = `${path}.tmp-${process.pid}`
  try {
    const fd = openSync(tmp, 'w', 0o600)
    try {
      writeSync(fd, data)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, path)
  } catch (error) {
    rmSync(tmp, { force: true })
    throw error
  }
}

/**
 * Moves an unreadable file out of the way as `<path>.corrupt-<n>` (the first free n) and returns
 * the new name. The file is kept, never deleted: the learner (or a bug report) may still need it.
 */
export function moveAside(path: string): string {
  for (let n = 1; ; n++) {
    const aside = `${path}.corrupt-${n}`
    if (!existsSync(aside)) {
      renameSync(path, aside)
      return aside
    }
  }
}
