/** The syntax tree of a check expression; every node keeps its source span for messages. */
export type Expr =
  | { kind: 'int'; value: number; start: number; end: number }
  | { kind: 'string'; value: string; start: number; end: number }
  | { kind: 'bool'; value: boolean; start: number; end: number }
  | { kind: 'regex'; pattern: string; flags: string; start: number; end: number }
  | { kind: 'name'; name: string; start: number; end: number }
  | { kind: 'call'; callee: string; args: Expr[]; start: number; end: number; calleeEnd: number }
  | { kind: 'member'; object: Expr; field: string; start: number; end: number; fieldStart: number }
  | { kind: 'unary'; op: '!' | '-'; operand: Expr; start: number; end: number }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; start: number; end: number; opStart: number }

export type BinaryOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||' | '+' | '-' | '*' | '/' | '%'

/** Types of the check language: three scalars, regex literals, and the records of machine facts. */
export type CheckType = 'int' | 'string' | 'bool' | 'regex' | RecordName
export type RecordName = 'vma' | 'pte' | 'frame' | 'mr'
