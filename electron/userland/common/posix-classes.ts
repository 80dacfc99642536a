/**
 * The POSIX character classes (`[:alpha:]` …) of the C locale, as the contents of a JavaScript
 * RegExp bracket expression. Shared by shell globbing and the grep/sed regex translator, which
 * must agree on what each class matches.
 */
export const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  cntrl: '\\x00-\\x1f\\x7f',
  print: ' -~',
  graph: '!-~'
}
