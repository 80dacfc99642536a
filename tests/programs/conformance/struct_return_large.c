#include <stdio.h>
struct big { long a[6]; char tag[9]; };
static struct big make(long base, const char *tag) {
    struct big b;
    for (int i = 0; i < 6; i++) b.a[i] = base * (i + 1);
    for (int i = 0; i < 8; i++) b.tag[i] = tag[i];
    b.tag[8] = 0;
    return b;
}
static long total(struct big b) { long s = 0; for (int i = 0; i < 6; i++) s += b.a[i]; b.a[0] = 0; return s; }
static struct big twice(struct big b) { for (int i = 0; i < 6; i++) b.a[i] *= 2; return b; }
int main(void) {
    struct big x = make(10, "abcdefgh");
    printf("%ld %s\n", total(x), x.tag);
    printf("%ld\n", x.a[0]);
    struct big y = twice(twice(x));
    printf("%ld %ld\n", y.a[5], total(make(1, "zzzzzzzz")));
    printf("%s\n", make(2, "returned").tag);
    return 0;
}
