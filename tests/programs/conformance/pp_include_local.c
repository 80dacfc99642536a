#include <stdio.h>
#define HEADER_VALUE 5
#include "pp_include_local.h"
#include "pp_include_local.h"
int main(void) {
    printf("%d %d\n", helper(2), TWICE(HEADER_VALUE));
    return 0;
}
