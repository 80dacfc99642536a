#include <stdio.h>
int main(void) {
    char *base = (char *)0x10000000000UL;
    unsigned long pages = 262144;
    for (unsigned long i = 0; i < pages; i++)
        base[i * 4096] = (char)i;
    printf("done\n");
    return 0;
}
