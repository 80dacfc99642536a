#include <stdio.h>
#include <stddef.h>
int main(void) {
    printf("%zu %zu %zu %zu %zu\n", sizeof(char), sizeof(short), sizeof(int), sizeof(long), sizeof(long long));
    printf("%zu %zu %zu\n", sizeof(float), sizeof(double), sizeof(void *));
    printf("%zu %zu\n", sizeof(size_t), sizeof(ptrdiff_t));
    int arr[10];
    printf("%zu %zu\n", sizeof arr, sizeof arr / sizeof arr[0]);
    char str[] = "hello";
    printf("%zu\n", sizeof str);
    printf("%zu\n", sizeof "abc");
    printf("%zu %zu\n", _Alignof(double), _Alignof(char));
    int (*fp)(int);
    printf("%zu\n", sizeof fp);
    int m[3][4];
    printf("%zu %zu\n", sizeof m, sizeof m[0]);
    printf("%zu\n", sizeof(_Bool));
    return 0;
}
