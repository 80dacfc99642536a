#include <stdio.h>
#include <limits.h>
#include <stdint.h>
int main(void) {
    printf("%d %d\n", INT_MAX, INT_MIN);
    printf("%u\n", UINT_MAX);
    printf("%ld %ld\n", LONG_MAX, LONG_MIN);
    printf("%lu\n", ULONG_MAX);
    printf("%d %d %d\n", SCHAR_MIN, SCHAR_MAX, UCHAR_MAX);
    printf("%d %d %d\n", SHRT_MIN, SHRT_MAX, USHRT_MAX);
    printf("%lld %llu\n", LLONG_MIN, ULLONG_MAX);
    printf("%d %d\n", INT8_MIN, INT16_MAX);
    printf("%lu\n", (unsigned long)UINT64_MAX);
    printf("%ld\n", (long)INT64_MIN);
    printf("%zu\n", SIZE_MAX);
    return 0;
}
