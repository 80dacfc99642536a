/**
 * Splits terminal input (a large paste) into pieces of at most `max` UTF-16 code units, the
 * host's limit for one terminal.input request, without cutting a surrogate pair in half.
 */
export function chunkInput(data: string, max: number): string[] {
  if (max < 2) throw new RangeError('chunkInput: max must be at least 2')
  const chunks: string[] = []
  let start = 0
  while (start < data.length) {
    let end = Math.min(start + max, data.length)
    const last = data.charCodeAt(end - 1)
    if (end < data.length && last >= 0xd800 && last <= 0xdbff) end -= 1
    chunks.push(data.slice(start, end))
    start = end
  }
  return chunks
}
