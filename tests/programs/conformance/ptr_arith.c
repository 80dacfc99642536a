#include <stdio.h>
#include <stddef.h>
int main(void) {
    int a[8] = {0, 1, 2, 3, 4, 5, 6, 7};
    int *p = a, *q = &a[6];
    printf("%td %td\n", q - p, p - q);
    printf("%d %d\n", *(p + 3), *(q - 2));
    printf("%d\n", p[5] + 5[a]);
    printf("%d %d\n", p < q, q <= p);
    char *c = (char *)q;
    printf("%td\n", c - (char *)p);
    long *lp = (long *)0x1000;
    printf("%p %p\n", (void *)(lp + 1), (void *)(lp - 2));
    double *dp = (double *)16;
    dp += 3;
    printf("%lu\n", (unsigned long)dp);
    void *v = a;
    printf("%d\n", (int *)v == a);
    int *end = a + 8;
    int sum = 0;
    for (int *it = a; it != end; ++it) sum += *it;
    printf("%d\n", sum);
    ptrdiff_t d = &a[7] - &a[0];
    printf("%td\n", d);
    return 0;
}
