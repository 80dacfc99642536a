/**
 * kernel/printk — the kernel log ring that dmesg reads. Lines carry the virtual time (seconds
 * since boot) and a printk level (KERN_EMERG 0 … KERN_DEBUG 7). The ring keeps the newest
 * LOG_LINES lines, as the real log buffer drops the oldest.
 */
export const LOG_LINES = 2048

export const KERN_CRIT = 2
export const KERN_ERR = 3
export const KERN_WARNING = 4
export const KERN_INFO = 6

export interface PrintkLine {
  /** Seconds since boot (virtual clock). */
  time: number
  level: number
  text: string
}

export class PrintkRing {
  lines: PrintkLine[] = []

  push(line: PrintkLine): void {
    this.lines.push(line)
    if (this.lines.length > LOG_LINES) this.lines.splice(0, this.lines.length - LOG_LINES)
  }

  clone(): PrintkRing {
    const c = new PrintkRing()
    c.lines = this.lines.map((l) => ({ ...l }))
    return c
  }
}
