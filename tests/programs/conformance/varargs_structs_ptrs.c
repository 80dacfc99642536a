#include <stdio.h>
#include <stdarg.h>
static void print_all(const char *types, ...) {
    va_list ap;
    va_start(ap, types);
    for (; *types; types++) {
        switch (*types) {
        case 'p': { int *p = va_arg(ap, int *); printf("*p=%d ", *p); break; }
        case 's': printf("s=%s ", va_arg(ap, const char *)); break;
        case 'u': printf("u=%u ", va_arg(ap, unsigned)); break;
        case 'L': printf("L=%llu ", va_arg(ap, unsigned long long)); break;
        case 'f': printf("f=%.3f ", va_arg(ap, double)); break;
        }
    }
    va_end(ap);
    printf("\n");
}
static int count_until_zero(int first, ...) {
    va_list ap; int n = 0;
    va_start(ap, first);
    for (int v = first; v != 0; v = va_arg(ap, int)) n++;
    va_end(ap);
    return n;
}
int main(void) {
    int x = 99;
    print_all("psuLf", &x, "str", 4000000000u, 18446744073709551615ULL, 0.125f);
    printf("%d\n", count_until_zero(5, 4, 3, 2, 1, 0));
    return 0;
}
