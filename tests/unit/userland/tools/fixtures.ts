/** Shared input files for the differential tests. */
export const lines25 = Array.from({ length: 25 }, (_, i) => `line ${i + 1}`).join('\n') + '\n'
export const bytes256 = Uint8Array.from({ length: 256 }, (_, i) => i)

export const FILES: Record<string, string | Uint8Array> = {
  'a.txt': 'alpha\nbeta\ngamma\n',
  'lines.txt': lines25,
  'nonl.txt': 'no newline at end',
  'empty.txt': '',
  'words.txt': '  hello   world\tfoo\n\nbar baz\n',
  'blank.txt': 'a\n\n\n\nb\n\nc\n',
  'bin.dat': bytes256,
  'zeros.dat': new Uint8Array(100),
  'utf.txt': 'héllo wörld\nnaïve café\n',
  'code.c': '#include <stdio.h>\nint main(void) {\n\tprintf("hello, world\\n");\n\treturn 0;\n}\n',
  'dir/inner.txt': 'inside\n',
  'big.txt': 'x'.repeat(123456) + '\n'
}
