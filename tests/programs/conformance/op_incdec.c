#include <stdio.h>
int main(void) {
    int i = 5;
    int a = i++;
    int b = ++i;
    int c = i--;
    int d = --i;
    printf("%d %d %d %d %d\n", a, b, c, d, i);
    int arr[5] = {10, 20, 30, 40, 50};
    int *p = arr;
    printf("%d\n", *p++);
    printf("%d\n", *++p);
    printf("%d\n", ++*p);
    printf("%d\n", (*p)++);
    printf("%d %d\n", *p, arr[2]);
    unsigned char uc = 255; uc++;
    printf("%d\n", uc);
    signed char sc = 127; sc++;
    printf("%d\n", sc);
    double x = 1.5; x++;
    printf("%.1f\n", x);
    return 0;
}
