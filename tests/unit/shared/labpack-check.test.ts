import { describe, expect, it } from 'vitest'
import {
  CheckSyntaxError,
  MIGRATIONS,
  PACK_FORMAT,
  PINLAB_VERSION,
  compareSemver,
  compileCheck,
  migratePackDocument,
  parseCheck,
  unsafeRegexReason,
  validatePackDocument
} from '../../../shared/labpack'
import packageJson from '../../../package.json'

function errorOf(source: string): CheckSyntaxError {
  try {
    compileCheck(source)
  } catch (error) {
    if (error instanceof CheckSyntaxError) return error
    throw error
  }
  throw new Error(`expected ${JSON.stringify(source)} to be refused`)
}

describe('the check language', () => {
  it.each([
    'contains(output, "pfn=") && exit == 0',
    'frame(value_of(output, "read_pfn")).zero',
    '!frame(0x10).dirty || pte(process("faults"), 0x7f00_0000_0000).writable',
    'trace_count("cow") >= 1 && trace_count("fork") == 1',
    "matches(output, /pfn=0x[0-9a-f]+/i) && version_at_least('5.9')",
    'mr_count() > 0 && mr(0).agrees && mr(0).pages * 4096 >= 8192 % 3',
    'vma(1, 4096).perms == "rw-p" && contains(vma(1, 4096).flags, "VM_WRITE")',
    '(1 + 2) * 3 / 2 - -1 == 5 && "a" + "b" == "ab"',
    'count(file("x.txt"), "\\n") == 2 && file_exists("/etc/passwd") && kernel != "3.2" && dmesg_contains("Linux")'
  ])('accepts %s', (source) => {
    expect(() => compileCheck(source)).not.toThrow()
  })

  it('gives the precedence of C: && binds tighter than ||, comparison tighter than &&', () => {
    const e = parseCheck('a == 1 || b == 2 && c')
    expect(e.kind).toBe('binary')
    expect(e.kind === 'binary' && e.op).toBe('||')
    const d = parseCheck('10 / 2 / 5')
    expect(d.kind === 'binary' && d.left.kind === 'binary' && d.left.op).toBe('/')
  })

  it('reports a syntax error with line, column, a caret and what was expected', () => {
    const e = errorOf('contains(output "x")')
    expect(e.line).toBe(1)
    expect(e.column).toBe(17)
    expect(e.message).toBe(`1:17: expected ',' or ')' after an argument of contains(…) but found a string\n  contains(output "x")\n                  ^^^`)
  })

  it('reports positions on later lines', () => {
    const e = errorOf('exit == 0 &&\n  frame(1).zeroo')
    expect([e.line, e.column]).toEqual([2, 12])
    expect(e.detail).toContain("a frame has no field 'zeroo'; expected one of")
    expect(e.message).toContain('\n  ' + '  frame(1).zeroo' + '\n  ' + ' '.repeat(11) + '^^^^^')
  })

  it.each([
    ['exit = 0', 'expected == (comparison)'],
    ['exit ==', 'expected a value'],
    ['"open', 'expected the closing " of this string'],
    ['0x', 'expected hex digits after 0x'],
    ['12abc', 'expected an operator after the number 12'],
    ['99999999999999999999', 'too large'],
    ['exit == 0 )', 'expected an operator or the end of the expression'],
    ['exit & 1', 'expected &&'],
    ['matches(output, /abc)', 'expected the closing / of this regular expression'],
    ['matches(output, /a/g)', 'unknown regular expression flag'],
    ['"a\\q" == "b"', 'unknown escape'],
    ['exit # 1', 'unexpected character "#"']
  ])('refuses the syntax of %s: %s', (source, message) => {
    expect(errorOf(source).detail).toContain(message)
  })

  it.each([
    ['exit', 'expected a true/false expression, but this is an int'],
    ['exit == "0"', 'cannot compare an int with a string'],
    ['output < 3', 'expected ints on both sides of <'],
    ['contains(output)', 'contains takes 2 arguments: expected contains(s: string, sub: string)'],
    ['contains(output, 3)', 'expected a string for sub of contains(s: string, sub: string), but this is an int'],
    ['eval("1")', "unknown function 'eval'"],
    ['window.x', "unknown name 'window'"],
    ['contains', 'contains is a function'],
    ['frame(1) == frame(1)', 'a frame cannot be compared'],
    ['exit.x', 'an int has no fields'],
    ['trace_count("nope") > 0', 'unknown trace event type "nope"'],
    ['trace_count(output) > 0', 'expected a string literal naming a trace event type'],
    ['version_at_least("latest")', 'expected a version string literal like "5.9"'],
    ['!exit', 'expected a bool after !'],
    ['-output == 1', 'expected an int after -'],
    ['frame(1).__proto__ == 1', "a frame has no field '__proto__'"],
    ['constructor(1)', "unknown function 'constructor'"],
    ['matches(output, /(a+)+$/)', 'nested quantifiers'],
    ['matches(output, /(a)\\1/)', 'backreferences'],
    ['matches(output, /(?=a)/)', 'lookaround']
  ])('refuses the types of %s: %s', (source, message) => {
    expect(errorOf(source).detail).toContain(message)
  })

  it('refuses expressions nested deeper than the parser allows, with a message', () => {
    expect(errorOf('('.repeat(100) + 'true' + ')'.repeat(100)).detail).toContain('nests deeper than 64 levels')
    expect(errorOf('!'.repeat(200) + 'true').detail).toContain('nests deeper')
  })

  it('judges regular expressions by structure', () => {
    expect(unsafeRegexReason('pfn=0x[0-9a-f]+')).toBeNull()
    expect(unsafeRegexReason('(ab)+c')).toBeNull()
    expect(unsafeRegexReason('([a-z]*)*')).toContain('nested quantifiers')
    expect(unsafeRegexReason('(x(y+))+')).toContain('nested quantifiers')
    expect(unsafeRegexReason('[(]+')).toBeNull()
    expect(unsafeRegexReason('(')).toContain('not a valid regular expression')
  })
})

/** A small valid resolved pack; tests mutate copies of it. */
function samplePack(): Record<string, unknown> {
  return {
    format: 1,
    manifest: { id: 'sample', title: 'Sample', version: '1.0.0', author: 'A', license: 'MIT', minPinlab: '0.1.0' },
    labs: [
      {
        id: 'one',
        title: 'One',
        kernel: '6.18',
        goals: ['learn'],
        steps: [
          {
            id: 'first',
            title: 'First',
            task: 'Run `echo hi`.',
            predict: [{ id: 'q', prompt: 'What prints?', kind: 'choice', choices: ['hi', 'bye'], answer: 'hi', explanation: 'echo prints its argument' }],
            checks: [{ id: 'printed', description: 'it printed hi', expr: 'contains(output, "hi")', failMessage: 'Run echo hi.' }],
            solution: { commands: ['echo hi'] },
            explanation: 'Done.'
          }
        ]
      }
    ]
  }
}

describe('pack documents', () => {
  it('accepts the sample and fills defaults', () => {
    const r = validatePackDocument(samplePack())
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.pack.labs[0]!.steps[0]!.setup).toEqual({ files: [], commands: [] })
    expect(r.value.checks.has('one/first/printed')).toBe(true)
  })

  it('names the lab, step and check of a check expression error, with its position', () => {
    const doc = samplePack() as any
    doc.labs[0].steps[0].checks[0].expr = 'contains(output, 1)'
    const r = validatePackDocument(doc)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors[0]).toMatch(/^pack "sample", lab "one", step "first", check "printed": 1:18: expected a string for sub/)
    expect(r.errors[0]).toContain('^')
  })

  it('names schema violations by lab and step id', () => {
    const doc = samplePack() as any
    doc.labs[0].kernel = '2.6'
    doc.labs[0].steps[0].predict[0].answer = 'maybe'
    doc.labs[0].steps[0].extra = 1
    const r = validatePackDocument(doc)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors.join('\n')).toContain('lab "one" › kernel:')
    expect(r.errors.join('\n')).toContain('lab "one" › step "first" › question "q" › answer: the answer must be one of the choices.')
    expect(r.errors.join('\n')).toContain('lab "one" › step "first"')
  })

  it.each([
    [(d: any) => (d.labs[0].steps[0].setup = { files: [{ path: '../etc/passwd', content: 'x' }] }), 'no ".."'],
    [(d: any) => d.labs.push({ ...d.labs[0] }), 'lab id "one" appears twice'],
    [(d: any) => (d.manifest.version = 'v1'), 'semver'],
    [(d: any) => (d.manifest.id = 'Bad Id'), 'an id is'],
    [(d: any) => (d.labs[0].steps[0].solution.commands = ['a\nb']), 'a command is one line'],
    [(d: any) => (d.labs[0].prerequisites = ['missing']), 'prerequisite "missing" is not a lab of this pack'],
    [(d: any) => (d.labs[0].steps[0].editorFile = 'x.c'), 'editorFile "x.c" is not a setup file'],
    [(d: any) => (d.manifest.minPinlab = '99.0.0'), 'needs PinLab 99.0.0 or newer']
  ])('refuses a bad pack (%#): %s', (mutate, message) => {
    const doc = samplePack()
    mutate(doc)
    const r = validatePackDocument(doc)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors.join('\n')).toContain(message)
  })

  it('migrates format 1 unchanged and refuses unknown, future and missing formats with a sentence', () => {
    expect(PACK_FORMAT).toBe(1)
    expect(Object.keys(MIGRATIONS)).toEqual([])
    const ok = migratePackDocument(samplePack())
    expect(ok).toEqual({ ok: true, doc: samplePack(), from: 1 })
    expect(migratePackDocument({ ...samplePack(), format: 2 })).toEqual({
      ok: false,
      message: 'The pack uses format 2, newer than this PinLab reads (format 1 and older); update PinLab to open it.'
    })
    expect(migratePackDocument({ ...samplePack(), format: 0 })).toMatchObject({ ok: false, message: expect.stringContaining('format 0') })
    expect(migratePackDocument({ ...samplePack(), format: '1' })).toMatchObject({ ok: false, message: expect.stringContaining('no whole-number "format"') })
    expect(migratePackDocument([1])).toMatchObject({ ok: false })
    expect(validatePackDocument({ ...samplePack(), format: 7 })).toMatchObject({ ok: false, errors: [expect.stringContaining('format 7')] })
  })

  it('keeps PINLAB_VERSION equal to the package version and compares semver', () => {
    expect(PINLAB_VERSION).toBe(packageJson.version)
    expect(compareSemver('0.10.0', '0.9.9')).toBeGreaterThan(0)
    expect(compareSemver('1.0.0-rc.1', '1.0.0')).toBeLessThan(0)
    expect(compareSemver('1.2.3', '1.2.3')).toBe(0)
  })
})
