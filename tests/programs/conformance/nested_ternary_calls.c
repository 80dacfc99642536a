#include <stdio.h>
static int f(int x) { printf("f%d ", x); return x; }
int main(void) {
    int a = f(1) ? f(2) : f(3);
    printf("= %d\n", a);
    int b = f(0) ? f(4) : f(0) ? f(5) : f(6);
    printf("= %d\n", b);
    int c = (f(1) && f(0)) || f(7);
    printf("= %d\n", c);
    int d = f(2) + (f(0) ? 100 : f(3) * 10);
    printf("= %d\n", d);
    return 0;
}
