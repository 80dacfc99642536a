#include <stdio.h>
int main(void) {
    float f = 0.1f;
    double d = 0.1;
    printf("%d %d %d\n", f == d, (double)f == (double)0.1f, f == 0.1f);
    printf("%d\n", 1e16 + 1 == 1e16);
    printf("%d %d\n", (int)(0.1 + 0.2 == 0.3), (int)(0.1f + 0.2f == 0.3f));
    long long big = 9007199254740993LL;
    double bd = (double)big;
    printf("%.1f %lld\n", bd, (long long)bd);
    unsigned long long u = 18446744073709550592ULL;
    printf("%.1f\n", (double)u);
    float nf = -0.0f;
    printf("%d %d\n", nf == 0.0f, 1 / nf < 0);
    double x = 3.7;
    int ix = x;
    unsigned ux = x;
    printf("%d %u %ld\n", ix, ux, (long)-x);
    return 0;
}
