/** One benchmark measurement, as `pinlab bench --json` prints it. */
export interface BenchResult {
  name: string
  /** Pages the operation covers (0 for c_compute). */
  pages: number
  /** PinLab's time in ms. */
  ms: number
  /** The same work on this machine's Linux kernel / gcc -O0 build, when it could be measured. */
  nativeMs?: number
  /** ms / nativeMs. */
  ratio?: number
  /** What the result must meet, in words (issue 9's targets), and whether it did. */
  target?: string
  pass?: boolean
  /** Why a comparison is missing or what the figure means. */
  note?: string
}

export interface BenchReport {
  kernel: string
  pages: number
  results: BenchResult[]
  /** Host memory (RSS growth, MB) for the written 1 GiB region. */
  memoryMb: { value: number; target: string; pass: boolean }
  /** Longest host event-loop stall (ms) while C programs ran. */
  maxStallMs: { value: number; target: string; pass: boolean }
  pass: boolean
}
