#include <stdio.h>
static int bsearch_int(const int *a, int n, int key) {
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (a[mid] == key) return mid;
        if (a[mid] < key) lo = mid + 1; else hi = mid - 1;
    }
    return -(lo + 1);
}
int main(void) {
    int a[20];
    for (int i = 0; i < 20; i++) a[i] = i * 3 + 1;
    int keys[] = {1, 4, 58, 59, 0, 100, 31};
    for (int i = 0; i < 7; i++) printf("%d:%d ", keys[i], bsearch_int(a, 20, keys[i]));
    printf("\n");
    return 0;
}
