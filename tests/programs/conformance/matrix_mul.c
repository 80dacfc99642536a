#include <stdio.h>
#define N 4
static void mul(double a[N][N], double b[N][N], double c[N][N]) {
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double s = 0;
            for (int k = 0; k < N; k++) s += a[i][k] * b[k][j];
            c[i][j] = s;
        }
}
int main(void) {
    double a[N][N], b[N][N], c[N][N];
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) { a[i][j] = i + j * 0.5; b[i][j] = (i == j) ? 2 : 0.25; }
    mul(a, b, c);
    for (int i = 0; i < N; i++) { for (int j = 0; j < N; j++) printf("%8.3f", c[i][j]); printf("\n"); }
    return 0;
}
