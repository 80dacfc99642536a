#include <stdio.h>
#include <string.h>
int main(void) {
    char buf[64];
    strcpy(buf, "hello");
    strcat(buf, ", world");
    printf("%s %zu\n", buf, strlen(buf));
    printf("%d %d %d\n", strcmp("abc", "abd") < 0, strcmp("b", "a") > 0, strcmp("x", "x"));
    printf("%d\n", strncmp("hello", "help", 3));
    char *p = strchr(buf, 'o');
    printf("%s\n", p);
    printf("%s\n", strrchr(buf, 'o'));
    printf("%s\n", strstr(buf, "wor"));
    printf("%p\n", (void *)strchr(buf, 'z'));
    char copy[8];
    memset(copy, 'x', sizeof copy);
    copy[7] = 0;
    printf("%s\n", copy);
    memcpy(copy, "abc", 3);
    printf("%s\n", copy);
    printf("%d\n", memcmp("abc", "abd", 3) < 0);
    char s[] = "literal" " concatenation" "!";
    printf("%s %zu\n", s, sizeof s);
    const char *multi = "line1\n"
                        "line2";
    puts(multi);
    return 0;
}
