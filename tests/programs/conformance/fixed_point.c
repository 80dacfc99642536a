#include <stdio.h>
#include <stdint.h>
typedef int32_t fix16;
#define ONE (1 << 16)
static fix16 fmul(fix16 a, fix16 b) { return (fix16)(((int64_t)a * b) >> 16); }
static fix16 fdiv(fix16 a, fix16 b) { return (fix16)(((int64_t)a << 16) / b); }
int main(void) {
    fix16 a = 3 * ONE + ONE / 2;
    fix16 b = -2 * ONE + ONE / 4;
    printf("%d %d\n", fmul(a, b), fdiv(a, b));
    printf("%.5f\n", fmul(a, b) / 65536.0);
    fix16 x = ONE;
    for (int i = 0; i < 10; i++) x = fmul(x, ONE + ONE / 10);
    printf("%.4f\n", x / 65536.0);
    return 0;
}
