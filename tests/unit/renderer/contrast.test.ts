import { describe, expect, it } from 'vitest'
import { contrast, themeTokens } from './wcag-colours'
import { TERMINAL_THEMES } from '../../../renderer/src/styles/terminal-themes'

describe('theme colours meet WCAG 2.1 AA', () => {
  for (const theme of ['dark', 'light'] as const) {
    const t = themeTokens('styles/theme.css', theme)
    const surfaces = ['bg', 'surface', 'raised']

    it(`${theme}: text and links are at least 4.5:1 on every surface`, () => {
      for (const fg of ['text', 'muted', 'accent']) {
        for (const bg of surfaces) expect(contrast(t[fg]!, t[bg]!), `${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5)
      }
      expect(contrast(t['badge-text']!, t['badge-bg']!)).toBeGreaterThanOrEqual(4.5)
      expect(contrast(t['banner-text']!, t['banner-bg']!)).toBeGreaterThanOrEqual(4.5)
    })

    it(`${theme}: borders and the focus ring are at least 3:1 on every surface`, () => {
      for (const fg of ['border', 'focus']) {
        for (const bg of surfaces) expect(contrast(t[fg]!, t[bg]!), `${fg} on ${bg}`).toBeGreaterThanOrEqual(3)
      }
      expect(contrast(t['banner-edge']!, t['banner-bg']!)).toBeGreaterThanOrEqual(3)
    })

    it(`${theme}: the terminal's text is at least 4.5:1 on its background`, () => {
      const term = TERMINAL_THEMES[theme]
      expect(contrast(term.foreground!, term.background!)).toBeGreaterThanOrEqual(4.5)
      expect(term.background).toBe(t.bg)
    })
  }
})
