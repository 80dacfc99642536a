#include <stdio.h>
int main(void) {
    printf("%d %d %d %d\n", 0x1F, 017, 0b101, 'a');
    printf("%zu %zu %zu %zu\n", sizeof(2147483647), sizeof(2147483648), sizeof(0x7fffffff), sizeof(0x80000000));
    printf("%zu %zu %zu\n", sizeof(4294967295), sizeof(0xffffffff), sizeof(1u));
    printf("%zu %zu %zu\n", sizeof(1l), sizeof(1ll), sizeof(1ull));
    printf("%ld\n", 2147483648);
    printf("%u\n", 0x80000000);
    printf("%d\n", -2147483647 - 1);
    printf("%d %d %d\n", '\n', '\0', '\x7f');
    printf("%d %d\n", '\377', (unsigned char)'\377');
    printf("%d\n", 'AB');
    printf("%lu\n", 0xFFFFFFFFFFFFFFFF);
    return 0;
}
