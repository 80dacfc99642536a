#include <stdio.h>
typedef void (*visit_fn)(int value, void *ctx);
static void each(const int *a, int n, visit_fn fn, void *ctx) { for (int i = 0; i < n; i++) fn(a[i], ctx); }
static void summer(int v, void *ctx) { *(long *)ctx += v; }
static void maxer(int v, void *ctx) { int *m = ctx; if (v > *m) *m = v; }
static void printer(int v, void *ctx) { printf("%s%d", (const char *)ctx, v); }
static void sort(int *a, int n, int (*cmp)(int, int)) {
    for (int i = 1; i < n; i++) {
        int k = a[i], j = i - 1;
        while (j >= 0 && cmp(a[j], k) > 0) { a[j + 1] = a[j]; j--; }
        a[j + 1] = k;
    }
}
static int asc(int a, int b) { return a - b; }
static int desc(int a, int b) { return b - a; }
int main(void) {
    int a[] = {5, 3, 9, 1, 7};
    long sum = 0; int max = 0;
    each(a, 5, summer, &sum);
    each(a, 5, maxer, &max);
    printf("%ld %d\n", sum, max);
    sort(a, 5, asc); each(a, 5, printer, " "); printf("\n");
    sort(a, 5, desc); each(a, 5, printer, ","); printf("\n");
    return 0;
}
