#include <stdio.h>
#include <string.h>
int main(void) {
    char buf[] = "abcdefghij";
    memmove(buf + 2, buf, 5);
    printf("%s\n", buf);
    char b2[] = "abcdefghij";
    memmove(b2, b2 + 3, 5);
    printf("%s\n", b2);
    int arr[6] = {1, 2, 3, 4, 5, 6};
    memmove(arr + 1, arr, 4 * sizeof(int));
    for (int i = 0; i < 6; i++) printf("%d", arr[i]);
    printf("\n");
    char z[8];
    memset(z, 0, sizeof z);
    strncpy(z, "hi", sizeof z);
    printf("%s %d %d\n", z, z[2], z[7]);
    return 0;
}
