#include <stdio.h>
static int trace(int v) { printf("t%d ", v); return v; }
int main(void) {
    int x = (trace(1), trace(2), trace(3));
    printf("-> %d\n", x);
    int a = 0, b = 0;
    for (a = 0, b = 10; a < b; a++, b--) ;
    printf("%d %d\n", a, b);
    if (trace(0), trace(4)) printf("true\n");
    int y = trace(5) && trace(0) && trace(6);
    printf("y=%d\n", y);
    int z = trace(0) || (trace(7), 0) || trace(8);
    printf("z=%d\n", z);
    return 0;
}
