#include <stdio.h>
int main(void) {
    int a = -1; unsigned b = 1;
    printf("%d\n", a < b);
    printf("%d\n", a < (int)b);
    long l = -1; unsigned int u = 1;
    printf("%d\n", l < u);
    unsigned long ul = 1;
    printf("%d\n", l < ul);
    printf("%d %d %d %d %d %d\n", 3 == 3, 3 != 3, 2 < 3, 2 > 3, 3 <= 3, 4 >= 5);
    double d = 0.1 + 0.2;
    printf("%d %d\n", d == 0.3, d > 0.3);
    char c = -1; unsigned char uc = 255;
    printf("%d %d\n", c == uc, c == -1);
    return 0;
}
