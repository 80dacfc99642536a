#include <stdio.h>
int main(void) {
    int *p = NULL;
    printf("dereferencing NULL\n");
    *p = 1;
    printf("survived?\n");
    return 0;
}
