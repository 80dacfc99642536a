#include <stdio.h>
int zero;
int main(void) {
    printf("dividing\n");
    int r = 10 / zero;
    printf("%d\n", r);
    return 0;
}
