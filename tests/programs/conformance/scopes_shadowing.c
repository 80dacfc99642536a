#include <stdio.h>
int x = 1;
static int get_global(void) { return x; }
int main(void) {
    printf("%d\n", x);
    int x = 2;
    printf("%d\n", x);
    {
        int x = 3;
        printf("%d\n", x);
        { extern int x; printf("%d\n", x); }
    }
    for (int x = 10; x < 12; x++) printf("%d ", x);
    printf("\n%d %d\n", x, get_global());
    if (1) { int y = x * 2; printf("%d\n", y); }
    return 0;
}
