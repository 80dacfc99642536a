#include <stdio.h>
static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
static int mul(int a, int b) { return a * b; }
typedef int (*op_t)(int, int);
static op_t pick(char c) { switch (c) { case '+': return add; case '-': return sub; default: return mul; } }
static int apply(int (*f)(int, int), int a, int b) { return f(a, b); }
int main(void) {
    op_t ops[3] = { add, sub, mul };
    for (int i = 0; i < 3; i++) printf("%d ", ops[i](7, 3));
    printf("\n");
    printf("%d %d\n", pick('-')(10, 4), (*pick('*'))(6, 7));
    printf("%d\n", apply(add, 1, 2));
    printf("%d\n", add == ops[0]);
    int (*(*getter)(char))(int, int) = pick;
    printf("%d\n", getter('+')(20, 22));
    struct { const char *name; op_t fn; } table[] = { {"add", add}, {"mul", mul} };
    for (int i = 0; i < 2; i++) printf("%s=%d\n", table[i].name, table[i].fn(5, 6));
    return 0;
}
