#include <stdio.h>
#include <string.h>
struct student { char name[16]; int grade; double gpa; };
static struct student *best(struct student *s, int n) {
    struct student *b = s;
    for (int i = 1; i < n; i++) if (s[i].gpa > b->gpa) b = &s[i];
    return b;
}
int main(void) {
    struct student s[3];
    const char *names[] = {"ann", "bob", "cyd"};
    for (int i = 0; i < 3; i++) { strcpy(s[i].name, names[i]); s[i].grade = 9 + i; s[i].gpa = 3.0 + (i * 7 % 3) * 0.3; }
    struct student *b = best(s, 3);
    printf("%s %d %.1f %td\n", b->name, b->grade, b->gpa, b - s);
    printf("%zu\n", sizeof s[0]);
    char *raw = (char *)&s[1];
    printf("%s\n", raw);
    struct student copy;
    memcpy(&copy, &s[2], sizeof copy);
    printf("%s %d\n", copy.name, copy.grade);
    return 0;
}
