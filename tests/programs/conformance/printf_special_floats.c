#include <stdio.h>
int main(void) {
    double inf = 1.0 / 0.0;
    double ninf = -inf;
    printf("[%f] [%f] [%e] [%g] [%F] [%E] [%G]\n", inf, ninf, inf, ninf, inf, ninf, inf);
    printf("[%10f] [%-10f|] [%+f] [%010f]\n", inf, inf, inf, ninf);
    printf("[%a] [%A] [%a] [%a] [%a]\n", 1.0, 255.5, 0.1, -2.0, 0.0);
    printf("[%.2a] [%.0a] [%a] [%a]\n", 1.0, 1.5, 1e-310, 3.0);
    double negz = -0.0;
    printf("[%f] [%g] [%e] [%+f]\n", negz, negz, negz, 0.0);
    float f = 0.1f;
    printf("[%.10f] [%f]\n", f, f * 3);
    printf("[%.3f] [%.8f]\n", 1e-4, 5e-9);
    return 0;
}
