#include <stdio.h>
int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    printf("argv0 nonnull=%d argv[argc]=%p\n", argv[0] != 0, (void *)argv[argc]);
    printf("aligned=%d\n", ((unsigned long)argv & 7) == 0);
    return 0;
}
