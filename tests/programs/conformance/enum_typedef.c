#include <stdio.h>
enum color { RED, GREEN = 5, BLUE, ALPHA = -1 };
typedef enum { SMALL = 1, LARGE = 1000 } size_kind;
typedef unsigned long ulong_t;
typedef struct pair { int a, b; } pair_t;
typedef int (*binop)(int, int);
static int add(int a, int b) { return a + b; }
int main(void) {
    printf("%d %d %d %d\n", RED, GREEN, BLUE, ALPHA);
    enum color c = BLUE;
    printf("%d %zu\n", c, sizeof c);
    size_kind k = LARGE;
    printf("%d\n", k);
    ulong_t u = (ulong_t)-1;
    printf("%lu\n", u);
    pair_t p = {3, 4};
    binop f = add;
    printf("%d\n", f(p.a, p.b));
    typedef int arr3[3];
    arr3 x = {7, 8, 9};
    printf("%d %zu\n", x[2], sizeof(arr3));
    enum { A = 1 << 3, B = A | 1 } e = B;
    printf("%d\n", e);
    return 0;
}
