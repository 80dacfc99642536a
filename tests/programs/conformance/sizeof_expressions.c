#include <stdio.h>
struct s { char c; long l; };
int main(void) {
    int x = 5;
    size_t n = sizeof(x++);
    printf("%zu %d\n", n, x);
    struct s arr[4];
    printf("%zu %zu %zu\n", sizeof arr, sizeof arr[0].l, sizeof(&arr[0]));
    printf("%zu %zu\n", sizeof(struct s *), sizeof(struct s[2]));
    char *p = 0;
    printf("%zu %zu\n", sizeof *p, sizeof p);
    printf("%zu\n", sizeof(int[3][5]));
    printf("%zu\n", sizeof(-x));
    printf("%zu\n", sizeof((char)1 + (char)2));
    return 0;
}
