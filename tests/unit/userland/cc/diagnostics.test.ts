import { describe, expect, it } from 'vitest'
import { compile } from '../../../../electron/userland/cc/index'

const cc = (source: string) => compile({ path: 'x.c', source })

describe('gcc-style diagnostics', () => {
  it('reports a syntax error with line, column, source line and caret', () => {
    const r = cc('int main(void) {\n    int x;\n    x = 1\n    return x;\n}\n')
    expect(r.ok).toBe(false)
    expect(r.stderr).toBe("x.c: In function 'main':\nx.c:3:10: error: expected ';' before 'return'\n    3 |     x = 1\n      |          ^\n")
  })
  it('reports an undeclared identifier once, with the note', () => {
    const r = cc('int main(void) {\n    int a = y;\n    return y;\n}\n')
    expect(r.stderr).toBe(
      "x.c: In function 'main':\n" +
        "x.c:2:13: error: 'y' undeclared (first use in this function)\n" +
        '    2 |     int a = y;\n' +
        '      |             ^\n' +
        "x.c:2:13: note: each undeclared identifier is reported only once for each function it appears in\n"
    )
  })
  it('warns about implicit declarations (gcc 12) and still compiles', () => {
    const r = compile({ path: 'x.c', source: 'int main(void) {\n    foo(1);\n    return 0;\n}\n', libs: [{ functions: { foo: () => 0 } }] })
    expect(r.ok).toBe(true)
    expect(r.stderr).toBe("x.c: In function 'main':\nx.c:2:5: warning: implicit declaration of function 'foo' [-Wimplicit-function-declaration]\n    2 |     foo(1);\n      |     ^~~\n")
  })
  it('collects several errors and matches gcc wording', () => {
    const r = cc('int f(int a, int b) { return a + b; }\nint main(void) {\n    int *p = 0;\n    long *q = p;\n    unknown_t z;\n    return f(1);\n}\n')
    const lines = r.diagnostics.map((d) => `${d.line}:${d.col}: ${d.severity}: ${d.message}`)
    expect(lines).toEqual([
      "4:15: warning: initialization of 'long int *' from incompatible pointer type 'int *' [-Wincompatible-pointer-types]",
      "5:5: error: unknown type name 'unknown_t'",
      "6:12: error: too few arguments to function 'f'",
      '1:5: note: declared here'
    ])
  })
  it('reports expected expression and missing semicolon before }', () => {
    const r = cc('int main(void) {\n  int a = 3 +;\n  return a\n}\n')
    expect(r.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`)).toEqual(["2:14: expected expression before ';' token", "3:11: expected ';' before '}' token"])
  })
  it('reports too many arguments, bad member access and lvalue errors', () => {
    const r = cc('struct s { int a; };\nint g(int x) { return x; }\nint main(void) {\n  struct s v;\n  v.b = 1;\n  1 = 2;\n  return g(1, 2);\n}\n')
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([
      "'struct s' has no member named 'b'",
      'lvalue required as left operand of assignment',
      "too many arguments to function 'g'"
    ])
  })
  it('fails at link time on undefined functions like ld', () => {
    const r = cc('int nothere(void);\nint main(void) { return nothere(); }\n')
    expect(r.ok).toBe(false)
    expect(r.stderr).toContain("undefined reference to `nothere'")
    expect(r.stderr).toContain('collect2: error: ld returned 1 exit status')
  })
  it('warns like gcc 12 by default about overflowing constants, shift counts and returning locals', () => {
    const r = cc('int *f(void) { int x = 1; return &x; }\nint main(void) {\n    char c = 200;\n    unsigned char u = 300;\n    unsigned int v = -1;\n    short s = 70000;\n    c = 1000;\n    int big = 2147483647 + 1;\n    int sh = 1 << 40;\n    return c + u + v + s + big + sh;\n}\n')
    expect(r.ok).toBe(true)
    expect(r.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`)).toEqual([
      '1:34: function returns address of local variable [-Wreturn-local-addr]',
      "4:23: unsigned conversion from 'int' to 'unsigned char' changes value from '300' to '44' [-Woverflow]",
      "6:15: overflow in conversion from 'int' to 'short int' changes value from '70000' to '4464' [-Woverflow]",
      "7:9: overflow in conversion from 'int' to 'char' changes value from '1000' to '-24' [-Woverflow]",
      "8:26: integer overflow in expression of type 'int' results in '-2147483648' [-Woverflow]",
      '9:16: left shift count >= width of type [-Wshift-count-overflow]'
    ])
  })
  it('uses the built-in prototype for undeclared libc functions, with gcc notes and fix-it', () => {
    const r = cc('int main(void) {\n    printf("hi\\n");\n    return 0;\n}\n')
    expect(r.stderr).toBe(
      "x.c: In function 'main':\n" +
        "x.c:2:5: warning: implicit declaration of function 'printf' [-Wimplicit-function-declaration]\n" +
        '    2 |     printf("hi\\n");\n' +
        '      |     ^~~~~~\n' +
        "x.c:1:1: note: include '<stdio.h>' or provide a declaration of 'printf'\n" +
        '  +++ |+#include <stdio.h>\n' +
        '    1 | int main(void) {\n' +
        "x.c:2:5: warning: incompatible implicit declaration of built-in function 'printf' [-Wbuiltin-declaration-mismatch]\n" +
        '    2 |     printf("hi\\n");\n' +
        '      |     ^~~~~~\n' +
        "x.c:2:5: note: include '<stdio.h>' or provide a declaration of 'printf'\n" +
        "/usr/bin/ld: /tmp/ccPinLab.o: in function `main':\n" +
        "x.c:(.text+0x0): undefined reference to `printf'\n" +
        'collect2: error: ld returned 1 exit status\n'
    )
  })
  it("reports a struct definition missing its ';' like gcc", () => {
    const r = cc('struct s { int a; }\nint main(void) { int x = 1; x(); return 0; }\n')
    expect(r.diagnostics.map((d) => `${d.line}:${d.col}: ${d.severity}: ${d.message}`)).toEqual([
      "2:1: error: expected ';', identifier or '(' before 'int'",
      "2:29: error: called object 'x' is not a function or function pointer",
      '2:22: note: declared here'
    ])
  })
  it('never throws on garbage input', () => {
    for (const src of ['}}}{{{', 'int main( { return', '#if\n#endif', 'struct { int x : 99999999999; };', '"unterminated', 'int a[-1];', 'int main(void){ goto nowhere; }', '\u0000\u0001\u00ff', 'int f(x) int x; { return x; }']) {
      const r = cc(src)
      expect(r.ok).toBe(false)
      expect(r.diagnostics.length).toBeGreaterThan(0)
    }
  })
})
