/**
 * The typed syntax tree of PinLab's shell language, a subset of bash.
 *
 * Supported: simple commands with assignments and redirections, pipelines (`!` negation),
 * and-or lists (`&&`, `||`), lists (`;`, newline, `&`), subshells `( … )`, groups `{ …; }`,
 * `if/elif/else/fi`, `while`/`until … do … done`, `for NAME [in WORDS]; do … done`,
 * command substitution `$( … )` and backquotes, `$(( … ))` arithmetic.
 * Not supported (a clear error, never a crash): here-documents, `case`, functions, `[[ ]]`,
 * arrays, process substitution, brace expansion.
 *
 * Words keep their quoting structure so that expansion can follow POSIX order (tilde, parameter,
 * command substitution, arithmetic, field splitting, pathname expansion, quote removal).
 */

/** A piece of a word as written. */
export type WordPart =
  /** Unquoted literal text: subject to pathname expansion, not to field splitting. */
  | { kind: 'lit'; text: string }
  /** Quoted literal text ('…', a backslash escape, or literal text inside "…"). */
  | { kind: 'quoted'; text: string }
  /** "…": its parts are expanded but not split nor globbed. */
  | { kind: 'dquote'; parts: WordPart[] }
  /** `~` or `~user` at the start of a word (or after `=`/`:` in an assignment value). */
  | { kind: 'tilde'; user: string }
  | ParamPart
  /** `$( … )` or `` `…` `` */
  | { kind: 'cmdsub'; body: List; text: string }
  /** `$(( … ))`: the expression text, expanded before evaluation. */
  | { kind: 'arith'; expr: Word }
  /** A `${…}` bash cannot make sense of: an error when expanded (`${1a}: bad substitution`). */
  | { kind: 'bad'; text: string }

/** `$name`, `${name}`, `${name:-word}` and the other forms of ${…}. */
export interface ParamPart {
  kind: 'param'
  /** A variable name, a positional number, or one of the specials `? $ # 0 @ * ! -`. */
  name: string
  /** `#` in `${#name}`: the length. */
  length?: boolean
  /** The operator of `${name<op>word}`: `-` `:-` `=` `:=` `+` `:+` `?` `:?` `#` `##` `%` `%%`. */
  op?: ParamOp
  arg?: Word
}

export type ParamOp = '-' | ':-' | '=' | ':=' | '+' | ':+' | '?' | ':?' | '#' | '##' | '%' | '%%'

export interface Word {
  parts: WordPart[]
}

export type RedirOp = '<' | '>' | '>>' | '>|' | '<>' | '<&' | '>&' | '&>' | '&>>'

export interface Redirect {
  /** The explicit file descriptor (`2>`); null means the operator's default (0 for `<`, 1 for `>`). */
  fd: number | null
  op: RedirOp
  target: Word
}

export interface Assignment {
  name: string
  value: Word
}

export interface SimpleCommand {
  kind: 'simple'
  assigns: Assignment[]
  words: Word[]
  redirects: Redirect[]
  /** 1-based line of the command in its source (for a script's error messages). */
  line: number
  /** The command as written (bash prints it when the command dies of a signal in a script). */
  text: string
}

export interface Subshell {
  kind: 'subshell'
  body: List
  redirects: Redirect[]
}

export interface Group {
  kind: 'group'
  body: List
  redirects: Redirect[]
}

export interface IfCommand {
  kind: 'if'
  clauses: Array<{ cond: List; body: List }>
  elseBody: List | null
  redirects: Redirect[]
}

export interface LoopCommand {
  kind: 'while'
  /** `until` loops run while the condition fails. */
  until: boolean
  cond: List
  body: List
  redirects: Redirect[]
}

export interface ForCommand {
  kind: 'for'
  name: string
  /** null: `for x; do` iterates over "$@". */
  items: Word[] | null
  body: List
  redirects: Redirect[]
}

export type Command = SimpleCommand | Subshell | Group | IfCommand | LoopCommand | ForCommand

export interface Pipeline {
  negate: boolean
  commands: Command[]
}

export interface AndOr {
  first: Pipeline
  rest: Array<{ op: '&&' | '||'; pipeline: Pipeline }>
}

export interface ListItem {
  andOr: AndOr
  background: boolean
}

export interface List {
  items: ListItem[]
}
