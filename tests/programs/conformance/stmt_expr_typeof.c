#include <stdio.h>
#define MAX(a, b) ({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a > _b ? _a : _b; })
static int calls;
static int f(int x) { calls++; return x; }
int main(void) {
    int m = MAX(f(3), f(7));
    printf("%d %d\n", m, calls);
    typeof(m) n = 5;
    __typeof__(1.5) d = 2.25;
    printf("%d %.2f %zu\n", n, d, sizeof(typeof(d)));
    int v = ({ int t = 10; t * t; });
    printf("%d\n", v);
    return 0;
}
