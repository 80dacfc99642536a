#include <stdio.h>
static double op_add(double a, double b) { return a + b; }
static double op_sub(double a, double b) { return a - b; }
static double op_mul(double a, double b) { return a * b; }
static double op_div(double a, double b) { return a / b; }
static double (*const ops[])(double, double) = { op_add, op_sub, op_mul, op_div };
static const char syms[] = "+-*/";
int main(void) {
    for (int i = 0; i < 4; i++) printf("6 %c 4 = %.2f\n", syms[i], ops[i](6, 4));
    double (*f)(double, double) = ops[2];
    printf("%.1f\n", f(f(2, 3), 0.5));
    void *vp = (void *)ops[0];
    double (*g)(double, double) = (double (*)(double, double))vp;
    printf("%.1f\n", g(1, 1));
    return 0;
}
