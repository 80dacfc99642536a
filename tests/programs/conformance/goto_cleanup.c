#include <stdio.h>
#include <stdlib.h>
static int work(int fail_at) {
    int rc = -1;
    char *a = NULL, *b = NULL;
    a = malloc(16);
    if (fail_at == 1) goto out;
    b = malloc(16);
    if (fail_at == 2) goto free_a;
    rc = 0;
    printf("success\n");
    free(b);
free_a:
    free(a);
    a = NULL;
out:
    printf("fail_at=%d rc=%d a=%s\n", fail_at, rc, a ? "set" : "null");
    return rc;
}
int main(void) {
    work(0); work(1); work(2);
    return 0;
}
