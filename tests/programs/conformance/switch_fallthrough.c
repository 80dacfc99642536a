#include <stdio.h>
static const char *kind(int c) {
    switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u':
        return "vowel";
    case ' ':
        return "space";
    default:
        if (c >= '0' && c <= '9') return "digit";
        return "other";
    }
}
int main(void) {
    for (int i = 0; i < 6; i++) {
        switch (i) {
        case 0: printf("zero ");
        case 1: printf("one ");
            break;
        case 2: { int x = i * 10; printf("two(%d) ", x); }
        case 3: printf("three ");
        default: printf("dflt ");
        case 5: printf("five");
        }
        printf("\n");
    }
    const char *s = "hi 42u";
    for (const char *p = s; *p; p++) printf("%s ", kind(*p));
    printf("\n");
    long big = 5000000000L;
    switch (big) { case 5000000000L: printf("big\n"); break; default: printf("no\n"); }
    switch (3) { default: printf("only default\n"); }
    unsigned char uc = 200;
    switch (uc) { case 200: printf("200\n"); break; case -56: printf("-56\n"); break; }
    return 0;
}
