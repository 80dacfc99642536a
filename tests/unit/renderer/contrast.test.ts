import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TERMINAL_THEMES } from '../../../renderer/src/styles/terminal-themes'

/** WCAG 2.1 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

/** The `--pl-*` colour tokens of one theme block in theme.css. */
function tokens(theme: 'dark' | 'light'): Record<string, string> {
  const css = readFileSync(resolve(import.meta.dirname, '../../../renderer/src/styles/theme.css'), 'utf8')
  const block = css.match(new RegExp(`:root\\[data-theme='${theme}'\\]\\s*\\{([^}]*)\\}`))
  if (!block) throw new Error(`no ${theme} block in theme.css`)
  const out: Record<string, string> = {}
  for (const [, name, value] of block[1]!.matchAll(/--pl-([a-z-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)) out[name!] = value!
  return out
}

describe('theme colours meet WCAG 2.1 AA', () => {
  for (const theme of ['dark', 'light'] as const) {
    const t = tokens(theme)
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
