#include <stdio.h>
enum kind { INT, DBL, STR };
struct value { enum kind k; union { int i; double d; const char *s; } u; };
static void show(struct value v) {
    switch (v.k) {
    case INT: printf("int %d\n", v.u.i); break;
    case DBL: printf("dbl %.3f\n", v.u.d); break;
    case STR: printf("str %s\n", v.u.s); break;
    }
}
int main(void) {
    struct value vs[] = { {INT, {.i = 42}}, {DBL, {.d = 2.718}}, {STR, {.s = "text"}} };
    for (int i = 0; i < 3; i++) show(vs[i]);
    printf("%zu\n", sizeof(struct value));
    struct { int tag; union { struct { short a, b; } p; int whole; }; } anon;
    anon.whole = 0x00020001;
    printf("%d %d\n", anon.p.a, anon.p.b);
    return 0;
}
