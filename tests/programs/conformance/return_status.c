#include <stdio.h>
int main(void) {
    printf("returning 300\n");
    return 300;
}
