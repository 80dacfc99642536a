#include <stdio.h>
int main(void) {
    int i, j;
    for (i = 0, j = 10; i < j; i += 3, j -= 2)
        printf("%d %d\n", i, j);
    int k = (i++, j++, i + j);
    printf("k=%d\n", k);
    int m = k > 20 ? 1 : k > 10 ? 2 : 3;
    printf("m=%d\n", m);
    unsigned u = 1 ? -1 : 0u;
    printf("%u\n", u);
    long r = 0 ? 1 : -2;
    printf("%ld\n", r);
    const char *s = m == 2 ? "two" : "other";
    printf("%s\n", s);
    return 0;
}
