import { describe, expect, it } from 'vitest'
import { chunkInput } from '../../../renderer/src/composables/chunkInput'

describe('chunkInput', () => {
  it('keeps small input whole and sends nothing for empty input', () => {
    expect(chunkInput('help\r', 8)).toEqual(['help\r'])
    expect(chunkInput('', 8)).toEqual([])
  })

  it('splits a large paste into pieces no longer than the limit that join back to the paste', () => {
    const paste = 'x'.repeat(25)
    const chunks = chunkInput(paste, 10)
    expect(chunks.map((c) => c.length)).toEqual([10, 10, 5])
    expect(chunks.join('')).toBe(paste)
  })

  it('never cuts a surrogate pair (an emoji) in half', () => {
    const paste = 'abc😀def'
    const chunks = chunkInput(paste, 4)
    expect(chunks).toEqual(['abc', '😀de', 'f'])
    expect(chunks.join('')).toBe(paste)
  })
})
