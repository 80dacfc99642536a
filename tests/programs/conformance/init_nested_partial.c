#include <stdio.h>
struct inner { int a, b; };
struct outer { struct inner in[2]; char name[8]; double d; };
int main(void) {
    struct outer o = { { {1, 2}, {3} }, "hi", 2.5 };
    printf("%d %d %d %d %s %.1f\n", o.in[0].a, o.in[0].b, o.in[1].a, o.in[1].b, o.name, o.d);
    struct outer p = { 1, 2, 3, 4, "abc" };
    printf("%d %d %d %d %s %.1f\n", p.in[0].a, p.in[0].b, p.in[1].a, p.in[1].b, p.name, p.d);
    int m[2][3] = { 1, 2, 3, 4 };
    printf("%d %d %d %d %d %d\n", m[0][0], m[0][1], m[0][2], m[1][0], m[1][1], m[1][2]);
    char s[5] = "ab";
    printf("%d %d %d %d %d\n", s[0], s[1], s[2], s[3], s[4]);
    char t[3] = "abc";
    printf("%c%c%c\n", t[0], t[1], t[2]);
    int z[4] = {0};
    printf("%d %d\n", z[0], z[3]);
    struct inner arr[] = {{1, 2}, {3, 4}, {5, 6}};
    printf("%zu\n", sizeof arr / sizeof arr[0]);
    return 0;
}
