#include <stdio.h>
int main(void) {
    printf("%f %f %f\n", 1.5, .5, 5.);
    printf("%e %e\n", 1e3, 2.5E-3);
    printf("%f\n", 0x1.8p1);
    printf("%zu %zu %zu\n", sizeof(1.0f), sizeof(1.0), sizeof(1.0L));
    printf("%.20f\n", 0.1f);
    printf("%.20f\n", 0.1);
    printf("%g\n", 1e-7);
    return 0;
}
