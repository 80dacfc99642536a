/** This PinLab's release, for packs' `minPinlab` (kept equal to package.json's version by a test). */
export const PINLAB_VERSION = '0.1.0'

/** Compares two semver strings by major.minor.patch (pre-release tags sort before the release). */
export function compareSemver(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre] = v.split('-', 2) as [string, string | undefined]
    return { nums: core.split('.').map(Number), pre }
  }
  const pa = parse(a)
  const pb = parse(b)
  for (let i = 0; i < 3; i++) {
    const d = (pa.nums[i] ?? 0) - (pb.nums[i] ?? 0)
    if (d !== 0) return d
  }
  if (pa.pre === pb.pre) return 0
  if (pa.pre === undefined) return 1
  if (pb.pre === undefined) return -1
  return pa.pre < pb.pre ? -1 : 1
}
