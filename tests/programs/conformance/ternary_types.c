#include <stdio.h>
int main(void) {
    int c = 1;
    printf("%zu %zu %zu\n", sizeof(c ? 1 : 2.0), sizeof(c ? (char)1 : (char)2), sizeof(c ? 1 : 2L));
    double d = c ? 1 : 2.5;
    printf("%.1f\n", d);
    unsigned u = c ? -1 : 1u;
    printf("%u\n", u);
    long x = 0 ? 0u : -1;
    printf("%ld\n", x);
    int *p = 0, arr[1] = {5};
    int *q = c ? arr : p;
    printf("%d\n", *q);
    const char *s = c ? "yes" : 0;
    printf("%s\n", s);
    int m = 3;
    (c ? printf("a\n") : printf("b\n"));
    m = c ? m + 1 : m - 1;
    printf("%d\n", m);
    return 0;
}
