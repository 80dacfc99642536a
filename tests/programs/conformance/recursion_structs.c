#include <stdio.h>
struct range { int lo, hi; };
static struct range split(struct range r, int depth) {
    if (depth == 0 || r.hi - r.lo < 2) return r;
    struct range left = { r.lo, (r.lo + r.hi) / 2 };
    struct range got = split(left, depth - 1);
    got.hi += depth;
    return got;
}
static int sum_arr(const int *a, int n) { return n == 0 ? 0 : a[0] + sum_arr(a + 1, n - 1); }
int main(void) {
    struct range r = split((struct range){0, 1000}, 5);
    printf("%d %d\n", r.lo, r.hi);
    int a[100];
    for (int i = 0; i < 100; i++) a[i] = i;
    printf("%d\n", sum_arr(a, 100));
    return 0;
}
