#include <stdio.h>
int main(void) {
    char c = 200;
    unsigned char uc = 200;
    signed char sc = -56;
    printf("%d %d %d\n", c, uc, sc);
    printf("%d\n", c == sc);
    printf("%d\n", uc + 100);
    char d = 'A';
    printf("%d %c\n", d + 1, d + 1);
    printf("%zu %zu\n", sizeof(c + c), sizeof(c));
    char arr[3] = {(char)0x80, 0x7f, (char)0xff};
    for (int i = 0; i < 3; i++) printf("%d ", arr[i]);
    printf("\n");
    int x = (unsigned char)-1;
    printf("%d\n", x);
    return 0;
}
