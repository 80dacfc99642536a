#include <stdio.h>
int main(void) {
    unsigned long best = 0, arg = 0;
    for (unsigned long n = 1; n < 3000; n++) {
        unsigned long x = n, steps = 0;
        while (x != 1) { x = (x & 1) ? 3 * x + 1 : x / 2; steps++; }
        if (steps > best) { best = steps; arg = n; }
    }
    printf("%lu %lu\n", arg, best);
    return 0;
}
