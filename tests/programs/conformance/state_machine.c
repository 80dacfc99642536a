#include <stdio.h>
enum state { START, IN_WORD, IN_SPACE };
int main(void) {
    const char *text = "  the quick  brown\tfox jumps ";
    enum state st = START;
    int words = 0, longest = 0, cur = 0;
    for (const char *p = text; ; p++) {
        int space = *p == ' ' || *p == '\t' || *p == 0;
        switch (st) {
        case START:
        case IN_SPACE:
            if (!space) { st = IN_WORD; words++; cur = 1; }
            else st = IN_SPACE;
            break;
        case IN_WORD:
            if (space) { st = IN_SPACE; if (cur > longest) longest = cur; }
            else cur++;
            break;
        }
        if (!*p) break;
    }
    printf("%d words, longest %d\n", words, longest);
    return 0;
}
