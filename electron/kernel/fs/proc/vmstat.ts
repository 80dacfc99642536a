/**
 * mm/vmstat.c's /proc/vmstat (vmstat_start / vmstat_show): `name value` per line, the node and
 * zone items first, then the events. PinLab prints the items it keeps state for, in Linux's
 * order; nr_foll_pin_acquired / nr_foll_pin_released exist from 5.7 ("mm/gup: track FOLL_PIN
 * pages", feature vmstatFollPin).
 */
import type { Kernel } from '../../kernel'
import { mem_counters } from './meminfo'

export function proc_vmstat(k: Kernel): string {
  const c = mem_counters(k)
  const v = k.vmstat
  const rows: Array<[string, number]> = [
    ['nr_free_pages', c.free],
    ['nr_zone_inactive_anon', 0],
    ['nr_zone_active_anon', c.anon + c.shmem],
    ['nr_zone_inactive_file', 0],
    ['nr_zone_active_file', c.fileCache - c.shmem],
    ['nr_zone_unevictable', c.unevictable],
    ['nr_zone_write_pending', c.dirty + c.writeback],
    ['nr_mlock', c.mlocked],
    ['nr_inactive_anon', 0],
    ['nr_active_anon', c.anon + c.shmem],
    ['nr_inactive_file', 0],
    ['nr_active_file', c.fileCache - c.shmem],
    ['nr_unevictable', c.unevictable],
    ['nr_anon_pages', c.anon],
    ['nr_mapped', c.mapped],
    ['nr_file_pages', c.fileCache],
    ['nr_dirty', c.dirty],
    ['nr_writeback', c.writeback],
    ['nr_shmem', c.shmem],
    // mm/vmstat.c: nr_dirtied / nr_written (pages dirtied / written back since boot) come after
    // the shmem/THP items and before nr_foll_pin_*.
    ['nr_dirtied', v.nr_dirtied ?? 0],
    ['nr_written', v.nr_written ?? 0]
  ]
  if (k.has('vmstatFollPin')) {
    rows.push(['nr_foll_pin_acquired', v.nr_foll_pin_acquired])
    rows.push(['nr_foll_pin_released', v.nr_foll_pin_released])
  }
  rows.push(
    ['nr_page_table_pages', c.pageTables / 4096],
    ['pgfault', v.pgfault],
    ['pgmajfault', 0],
    ['pgreuse', v.reuse],
    ['pgmigrate_success', v.migrate_success],
    ['pgmigrate_fail', v.migrate_fail]
  )
  return rows.map(([n, x]) => `${n} ${x}\n`).join('')
}
