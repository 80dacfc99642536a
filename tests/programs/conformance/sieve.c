#include <stdio.h>
#include <string.h>
int main(void) {
    enum { N = 2000 };
    static char composite[N + 1];
    memset(composite, 0, sizeof composite);
    int count = 0, last = 0;
    for (int i = 2; i <= N; i++) {
        if (composite[i]) continue;
        count++; last = i;
        for (int j = i * i; j <= N; j += i) composite[j] = 1;
    }
    printf("%d primes, last %d\n", count, last);
    for (int i = 2, shown = 0; shown < 15; i++) if (!composite[i]) { printf("%d ", i); shown++; }
    printf("\n");
    return 0;
}
