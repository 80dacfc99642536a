#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>
int main(void) {
    int64_t big = -1234567890123LL;
    uint64_t ubig = 0xfedcba9876543210ULL;
    printf("%" PRId64 " %" PRIu64 " %" PRIx64 "\n", big, ubig, ubig);
    printf("%d %s %c %.2f %x %lu\n", 1, "two", '3', 4.0, 5, 6UL);
    printf("|%-8s|%8s|%08.2f|%-8d|\n", "left", "right", 3.14159, -42);
    printf("%5.1f%%\n", 12.345);
    printf("%s\n", "");
    printf("%c%c%c\n", 'a', 98, 'c' + 1);
    printf("%lu %ld\n", sizeof(int64_t), (long)INT32_MAX + 1);
    return 0;
}
