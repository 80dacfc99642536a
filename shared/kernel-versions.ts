/**
 * The kernel versions PinLab simulates, as first released (no stable backports).
 * The renderer shows them; the kernel's feature table (electron/kernel/version.ts) decides
 * what each one does.
 */
export const SUPPORTED_KERNELS = ['3.2', '4.4', '4.19', '5.4', '5.8', '5.10', '6.1', '6.6', '6.18'] as const

export type KernelVersion = (typeof SUPPORTED_KERNELS)[number]

/** The default is the kernel this project's differential tests run natively against. */
export const DEFAULT_KERNEL: KernelVersion = '6.18'

export function isKernelVersion(value: string): value is KernelVersion {
  return (SUPPORTED_KERNELS as readonly string[]).includes(value)
}

/** Compares two dotted versions numerically: negative if a < b, 0 if equal, positive if a > b. */
export function compareKernelVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}
