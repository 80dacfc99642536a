#include <stdio.h>
int main(void) {
    int s = 0;
    for (int i = 0; i < 10; i++) { if (i % 2) continue; s += i; }
    printf("%d\n", s);
    int n = 0;
    while (1) { if (++n > 7) break; }
    printf("%d\n", n);
    int k = 10;
    do { k -= 3; } while (k > 0);
    printf("%d\n", k);
    int d = 0;
    do d++; while (0);
    printf("%d\n", d);
    int count = 0;
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            if (j > i) break;
            count++;
        }
    printf("%d\n", count);
    int x = 0;
    for (;;) { x += 5; if (x > 22) break; }
    printf("%d\n", x);
    unsigned u = 5;
    while (u--) printf("%u", u);
    printf("\n");
    int i = 0;
    for (; i < 3; ) i++;
    printf("%d\n", i);
    return 0;
}
