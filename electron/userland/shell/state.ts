/**
 * The shell's variables and per-shell state, copyable for subshells.
 */

export interface Variable {
  /** undefined: declared (`export NAME`) but unset. */
  value: string | undefined
  exported: boolean
}

export class ShellState {
  vars = new Map<string, Variable>()
  positional: string[] = []
  cwd = '/'
  status = 0
  lastBackground = ''
  constructor(
    /** `$0`, and the prefix of error messages (`-bash` for the login shell). */
    public name: string
  ) {}

  get(name: string): string | undefined {
    return this.vars.get(name)?.value
  }

  set(name: string, value: string, exported?: boolean): void {
    const cur = this.vars.get(name)
    this.vars.set(name, { value, exported: exported ?? cur?.exported ?? false })
  }

  export(name: string, value?: string): void {
    const cur = this.vars.get(name)
    if (value !== undefined) this.vars.set(name, { value, exported: true })
    else if (cur !== undefined) cur.exported = true
    else this.vars.set(name, { value: undefined, exported: true })
  }

  unset(name: string): void {
    this.vars.delete(name)
  }

  /** The environment passed to a child: exported variables (with values), plus temporary ones. */
  environment(extra: ReadonlyMap<string, string> = new Map()): string[] {
    const env: string[] = []
    for (const [k, v] of this.vars) {
      if (!v.exported || extra.has(k) || v.value === undefined) continue
      env.push(`${k}=${v.value}`)
    }
    for (const [k, v] of extra) env.push(`${k}=${v}`)
    return env
  }

  clone(): ShellState {
    const s = new ShellState(this.name)
    for (const [k, v] of this.vars) s.vars.set(k, { ...v })
    s.positional = this.positional.slice()
    s.cwd = this.cwd
    s.status = this.status
    s.lastBackground = this.lastBackground
    return s
  }
}
