/**
 * The writeback knobs as a user sees them: /proc/sys/vm (drop_caches 0200 root-only,
 * dirty_expire/writeback_centisecs), Dirty accounting in /proc/vmstat, the sync tool, and the
 * flusher writing back after 30 s of virtual time (reference: userspace-api.md /proc formats;
 * kernel/fs/proc/proc_sysctl.ts).
 */
import { describe, expect, it } from 'vitest'
import { shellSession } from './shell-session'

function session(lines: string[], user: 'root' | 'student' = 'root'): Promise<string> {
  return shellSession(lines, user, false)
}

describe('/proc/sys/vm and sync', () => {
  it('a student may not drop caches (the file is 0200 root)', async () => {
    const out = await session(['echo 1 > /proc/sys/vm/drop_caches; echo st=$?'], 'student')
    expect(out).toMatch(/Permission denied/)
    expect(out).toContain('st=1')
  })

  it('root reads the flusher knobs, drops caches (1..63 only) and sync cleans every dirty page', async () => {
    const out = await session([
      'cat /proc/sys/vm/dirty_expire_centisecs /proc/sys/vm/dirty_writeback_centisecs',
      'echo hello > /root/f; grep -E "^nr_dirty " /proc/vmstat',
      'sync; grep -E "^nr_dirty " /proc/vmstat; grep -c nr_written /proc/vmstat',
      'echo 3 > /proc/sys/vm/drop_caches; echo st=$?',
      'echo 99 > /proc/sys/vm/drop_caches; echo st=$?',
      'cat /root/f'
    ])
    expect(out).toContain('3000\n500\n')
    expect(out).toMatch(/nr_dirty [1-9]\d*\n/)
    expect(out).toMatch(/sync[^\n]*\nnr_dirty 0\n1\n/)
    expect(out).toContain('st=0')
    expect(out).toMatch(/Invalid argument\nst=1/)
    expect(out).toMatch(/cat \/root\/f\nhello\n/)
  })

  it('the flusher writes a file back once it has been dirty for 30 s of virtual time', async () => {
    const out = await session(['echo hi > /root/g; grep -E "^nr_dirty " /proc/vmstat', 'sleep 40; grep -E "^nr_dirty " /proc/vmstat'])
    expect(out).toMatch(/nr_dirty [1-9]\d*\n/)
    expect(out).toMatch(/sleep 40[^\n]*\nnr_dirty 0\n/)
  })
})
