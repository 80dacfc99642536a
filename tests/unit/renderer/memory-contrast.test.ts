/**
 * The memory picture's own colours (renderer/src/components/memory/memory-picture.css) meet WCAG
 * 2.1 AA against the theme it sits on (renderer/src/styles/theme.css): text 4.5:1 on a changed or
 * diverged row, edges 3:1 against the panel (non-text contrast).
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

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

function tokens(file: string, theme: 'dark' | 'light'): Record<string, string> {
  const css = readFileSync(resolve(import.meta.dirname, '../../../renderer/src', file), 'utf8')
  const block = css.match(new RegExp(`:root\\[data-theme='${theme}'\\]\\s*\\{([^}]*)\\}`))
  if (!block) throw new Error(`no ${theme} block in ${file}`)
  const out: Record<string, string> = {}
  for (const [, name, value] of block[1]!.matchAll(/--pl-([a-z-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)) out[name!] = value!
  return out
}

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
