#include <stdio.h>
static int sum(const int *a, int n) { int s = 0; for (int i = 0; i < n; i++) s += a[i]; return s; }
static void fill(int a[], int n, int v) { for (int i = 0; i < n; i++) a[i] = v + i; }
static int trace(int m[][3], int n) { int t = 0; for (int i = 0; i < n; i++) t += m[i][i]; return t; }
static size_t psize(int a[10]) { return sizeof a; }
int main(void) {
    int a[6];
    fill(a, 6, 100);
    printf("%d\n", sum(a, 6));
    int m[3][3] = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
    printf("%d\n", trace(m, 3));
    printf("%zu\n", psize(a));
    return 0;
}
