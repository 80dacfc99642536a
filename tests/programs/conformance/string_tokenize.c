#include <stdio.h>
#include <string.h>
static int split(char *s, char sep, char **out, int max) {
    int n = 0;
    char *start = s;
    for (char *p = s; ; p++) {
        if (*p == sep || *p == 0) {
            int end = *p == 0;
            *p = 0;
            if (n < max) out[n++] = start;
            if (end) break;
            start = p + 1;
        }
    }
    return n;
}
int main(void) {
    char line[] = "ls,-l,/proc/self/pagemap,,end";
    char *parts[8];
    int n = split(line, ',', parts, 8);
    for (int i = 0; i < n; i++) printf("%d:[%s] ", i, parts[i]);
    printf("\n");
    char path[] = "/usr/include/infiniband/verbs.h";
    char *base = strrchr(path, '/') + 1;
    printf("%s %td\n", base, base - path);
    return 0;
}
