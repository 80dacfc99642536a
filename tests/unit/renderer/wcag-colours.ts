import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

/** WCAG 2.1 relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}

/** WCAG 2.1 contrast ratio of two #rrggbb colours (1 … 21). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

/** The `--pl-*` colour tokens of one theme block (`:root[data-theme='…']`) of a stylesheet under renderer/src. */
export function themeTokens(file: string, theme: 'dark' | 'light'): Record<string, string> {
  const css = readFileSync(resolve(import.meta.dirname, '../../../renderer/src', file), 'utf8')
  const block = css.match(new RegExp(`:root\\[data-theme='${theme}'\\]\\s*\\{([^}]*)\\}`))
  if (!block) throw new Error(`no ${theme} block in ${file}`)
  const out: Record<string, string> = {}
  for (const [, name, value] of block[1]!.matchAll(/--pl-([a-z-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)) out[name!] = value!
  return out
}
