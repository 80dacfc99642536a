#include <stdio.h>
#include <stdlib.h>
int main(void) {
    size_t pages = 64, pagesz = 4096;
    char *buf = malloc(pages * pagesz);
    for (size_t i = 0; i < pages; i++) buf[i * pagesz] = (char)i;
    long sum = 0;
    for (size_t i = 0; i < pages; i++) sum += buf[i * pagesz];
    printf("%ld\n", sum);
    buf[0] = 2012 & 0xff;
    printf("%d\n", buf[0]);
    return 0;
}
