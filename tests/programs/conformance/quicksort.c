#include <stdio.h>
static void swap(int *a, int *b) { int t = *a; *a = *b; *b = t; }
static void qs(int *a, int lo, int hi) {
    if (lo >= hi) return;
    int p = a[(lo + hi) / 2], i = lo, j = hi;
    while (i <= j) {
        while (a[i] < p) i++;
        while (a[j] > p) j--;
        if (i <= j) swap(&a[i++], &a[j--]);
    }
    qs(a, lo, j); qs(a, i, hi);
}
int main(void) {
    int a[50];
    unsigned seed = 12345;
    for (int i = 0; i < 50; i++) { seed = seed * 1103515245u + 12345u; a[i] = (seed >> 16) % 1000; }
    qs(a, 0, 49);
    for (int i = 0; i < 50; i++) printf("%d%c", a[i], i % 10 == 9 ? '\n' : ' ');
    return 0;
}
