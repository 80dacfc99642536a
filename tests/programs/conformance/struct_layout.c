#include <stdio.h>
#include <stddef.h>
struct a { char c; int i; };
struct b { char c; double d; char e; };
struct c { short s; char c; };
struct d { char c[3]; };
struct e { long l; char c; };
struct f { int i; char c; short s; };
struct g { char c; struct a inner; char t; };
struct h { int x; int arr[]; };
int main(void) {
    printf("%zu %zu %zu\n", sizeof(struct a), offsetof(struct a, c), offsetof(struct a, i));
    printf("%zu %zu %zu\n", sizeof(struct b), offsetof(struct b, d), offsetof(struct b, e));
    printf("%zu %zu\n", sizeof(struct c), _Alignof(struct c));
    printf("%zu %zu\n", sizeof(struct d), _Alignof(struct d));
    printf("%zu\n", sizeof(struct e));
    printf("%zu %zu %zu\n", sizeof(struct f), offsetof(struct f, c), offsetof(struct f, s));
    printf("%zu %zu %zu\n", sizeof(struct g), offsetof(struct g, inner), offsetof(struct g, t));
    printf("%zu %zu\n", sizeof(struct h), offsetof(struct h, arr));
    return 0;
}
