#include <stdio.h>
#define FIELD(type, name) type name;
#define GETTER(name) static int get_ ## name(const struct s *p) { return p->name; }
struct s { FIELD(int, alpha) FIELD(int, beta) };
GETTER(alpha)
GETTER(beta)
#define SHOW(expr) printf(#expr " = %d\n", (expr))
#define CAT3(a, b, c) a ## b ## c
#define WRAP(x) [x]
#define Q(x) #x
#define EXPAND_Q(x) Q(x)
#define LINE_STR EXPAND_Q(__LINE__)
int main(void) {
    struct s v = {3, 4};
    printf("%d %d\n", get_alpha(&v), get_beta(&v));
    SHOW(1 + 2 * 3);
    SHOW(v.alpha << 2);
    printf("%d\n", CAT3(1, 2, 3));
    printf("%s\n", Q(WRAP(inner)));
    printf("%s\n", EXPAND_Q(WRAP(inner)));
    printf("%s\n", LINE_STR);
    printf("%s\n", Q(  spaced   out  ));
    printf("%s\n", Q("quoted\n"));
    return 0;
}
