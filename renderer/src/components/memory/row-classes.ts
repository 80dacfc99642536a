import type { ChangeKind } from '../../../../shared/view'

/**
 * The classes of a picture or table row: `mem-changed` plus `mem-change-<kind>` for each change
 * of the last step that touches it (cow, unshare, pin, unpin, map, unmap, invalidate, divergence,
 * orphan, …), `mem-diverged` when a device and the process disagree, `mem-highlighted` when
 * another panel points at its frames.
 */
export function rowClasses(row: { changes: readonly ChangeKind[]; highlighted: boolean; agrees?: boolean | null }): string[] {
  const out = ['mem-row']
  if (row.changes.length > 0) out.push('mem-changed', ...row.changes.map((k) => `mem-change-${k}`))
  if (row.agrees === false) out.push('mem-diverged')
  if (row.highlighted) out.push('mem-highlighted')
  return out
}
