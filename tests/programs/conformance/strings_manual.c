#include <stdio.h>
static int my_strlen(const char *s) { const char *p = s; while (*p) p++; return (int)(p - s); }
static void reverse(char *s) { int n = my_strlen(s); for (int i = 0, j = n - 1; i < j; i++, j--) { char t = s[i]; s[i] = s[j]; s[j] = t; } }
static void upper(char *s) { for (; *s; s++) if (*s >= 'a' && *s <= 'z') *s -= 32; }
static int count(const char *s, char c) { int n = 0; while (*s) n += *s++ == c; return n; }
static void itoa10(int v, char *out) {
    char tmp[16]; int i = 0, neg = v < 0;
    unsigned u = neg ? -(unsigned)v : (unsigned)v;
    do { tmp[i++] = '0' + u % 10; u /= 10; } while (u);
    if (neg) tmp[i++] = '-';
    while (i) *out++ = tmp[--i];
    *out = 0;
}
int main(void) {
    char s[] = "Hello, PinLab";
    printf("%d\n", my_strlen(s));
    reverse(s); printf("%s\n", s);
    upper(s); printf("%s\n", s);
    printf("%d\n", count("mississippi", 's'));
    char num[16];
    itoa10(-2147483647 - 1, num); printf("%s\n", num);
    itoa10(9050, num); printf("%s\n", num);
    char grid[3][4] = {"abc", "de", ""};
    for (int i = 0; i < 3; i++) printf("[%s]", grid[i]);
    printf("\n");
    printf("%c%c\n", "xyz"[1], *("xyz" + 2));
    return 0;
}
