#include <stdio.h>
int main(void) {
    int i = 0;
loop:
    if (i >= 5) goto done;
    printf("%d ", i);
    i++;
    goto loop;
done:
    printf("\n");
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++) {
            if (a * b == 2) goto out;
            printf("(%d,%d)", a, b);
        }
out:
    printf("\n");
    int n = 3;
    goto skip;
    n = 100;
skip:
    printf("%d\n", n);
    return 0;
}
