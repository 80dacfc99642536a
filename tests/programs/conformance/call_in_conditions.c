#include <stdio.h>
static int n;
static int next(void) { return n++ < 5 ? n : 0; }
static int sq(int x) { return x * x; }
int main(void) {
    int v, total = 0;
    while ((v = next()) != 0) total += sq(v);
    printf("%d\n", total);
    for (int i = sq(2); i < sq(4); i += sq(2)) printf("%d ", i);
    printf("\n");
    int k = 0;
    do k++; while (sq(k) < 50);
    printf("%d\n", k);
    printf("%d\n", sq(sq(2)) + sq(3) * (sq(1) ? sq(2) : sq(5)));
    switch (sq(3)) { case 9: printf("nine\n"); break; default: printf("?\n"); }
    return sq(0);
}
