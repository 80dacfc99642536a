#include <stdio.h>
int main(void) {
    int i = 0, odd = 0;
    do {
        i++;
        if (i % 2 == 0) continue;
        odd += i;
    } while (i < 10);
    printf("%d %d\n", i, odd);
    int n = 0;
    while (n < 100) {
        n += 7;
        if (n % 5 == 0) continue;
        if (n > 50) break;
    }
    printf("%d\n", n);
    return 0;
}
