import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { writeFileAtomic } from '../host/settings-store'
import type { WindowBounds } from './window-options'

const StateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(20000),
  height: z.number().int().min(300).max(20000),
  maximized: z.boolean().optional()
})
export type WindowState = z.infer<typeof StateSchema>

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1360, height: 860 }

interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/**
 * Reads the remembered window size and position. A missing or unreadable file gives the
 * default size; a position that no longer lies on any display (a monitor was unplugged) is
 * dropped so the window opens where the system puts it.
 */
export function loadWindowState(path: string, displays: Rect[]): WindowState {
  let state: WindowState
  try {
    state = StateSchema.parse(JSON.parse(readFileSync(path, 'utf8')))
  } catch {
    return { ...DEFAULT_WINDOW_STATE }
  }
  if (state.x !== undefined && state.y !== undefined) {
    const visible = displays.some((d) => overlaps(d, { x: state.x!, y: state.y!, width: state.width, height: state.height }))
    if (!visible) {
      delete state.x
      delete state.y
    }
  }
  return state
}

export function saveWindowState(path: string, bounds: WindowBounds, maximized: boolean): void {
  writeFileAtomic(path, JSON.stringify({ ...bounds, maximized }, null, 2) + '\n')
}

function overlaps(a: Rect, b: Rect): boolean {
  const margin = 48 // at least this much of the title bar must be reachable
  return b.x + b.width > a.x + margin && b.x < a.x + a.width - margin && b.y >= a.y - margin && b.y < a.y + a.height - margin
}
