#include <stdio.h>
static long depth(long n) { char pad[64]; pad[0] = (char)n; return n == 0 ? pad[0] : 1 + depth(n - 1); }
int main(void) {
    printf("%ld\n", depth(20000));
    return 0;
}
