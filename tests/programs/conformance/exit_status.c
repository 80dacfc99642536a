#include <stdio.h>
#include <stdlib.h>
int main(void) {
    printf("about to exit\n");
    exit(42);
    printf("not reached\n");
    return 0;
}
