/**
 * The memory picture's own colours (renderer/src/components/memory/memory-picture.css) meet WCAG
 * 2.1 AA against the theme it sits on (renderer/src/styles/theme.css): text 4.5:1 on a changed or
 * diverged row, edges 3:1 against the panel (non-text contrast).
 */
import { describe, expect, it } from 'vitest'
import { contrast, themeTokens as tokens } from './wcag-colours'

describe('memory picture colours meet WCAG 2.1 AA', () => {
  for (const theme of ['dark', 'light'] as const) {
    const t = { ...tokens('styles/theme.css', theme), ...tokens('components/memory/memory-picture.css', theme) }

    it(`${theme}: text, muted text and the divergence sentence are readable on changed and diverged rows`, () => {
      for (const bg of ['mem-change-bg', 'mem-diverge-bg']) {
        for (const fg of ['text', 'muted', 'accent']) expect(contrast(t[fg]!, t[bg]!), `${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5)
      }
      for (const bg of ['mem-diverge-bg', 'surface', 'raised', 'bg']) {
        expect(contrast(t['mem-diverge-text']!, t[bg]!), `diverge-text on ${bg}`).toBeGreaterThanOrEqual(4.5)
      }
    })

    it(`${theme}: the change and divergence edges stand out from the panel (3:1)`, () => {
      for (const edge of ['mem-change-edge', 'mem-diverge-edge']) {
        for (const bg of ['surface', 'raised', 'bg']) expect(contrast(t[edge]!, t[bg]!), `${edge} on ${bg}`).toBeGreaterThanOrEqual(3)
      }
    })
  }
})
