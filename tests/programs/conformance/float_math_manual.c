#include <stdio.h>
static double my_sqrt(double x) { double g = x / 2; for (int i = 0; i < 30; i++) g = (g + x / g) / 2; return g; }
static double my_exp(double x) { double s = 1, t = 1; for (int i = 1; i < 30; i++) { t *= x / i; s += t; } return s; }
static double my_pow(double b, int e) { double r = 1; while (e-- > 0) r *= b; return r; }
int main(void) {
    printf("%.10f %.10f\n", my_sqrt(2), my_sqrt(1e6));
    printf("%.10f\n", my_exp(1));
    printf("%.3f %g\n", my_pow(1.5, 10), my_pow(10, 20));
    double pi = 0;
    for (int k = 0; k < 1000; k++) pi += (k % 2 ? -4.0 : 4.0) / (2 * k + 1);
    printf("%.8f\n", pi);
    float fsum = 0;
    for (int i = 1; i <= 100; i++) fsum += 1.0f / i;
    printf("%.6f\n", fsum);
    return 0;
}
