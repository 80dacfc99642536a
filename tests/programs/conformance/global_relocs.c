#include <stdio.h>
struct node { int v; struct node *next; };
struct node n3 = {3, 0};
struct node n2 = {2, &n3};
struct node n1 = {1, &n2};
struct node self = {9, &self};
struct pair { int a, b; } pr = {10, 20};
int *pb = &pr.b;
char str[] = "relocation";
char *mid = str + 4;
const char *strs[] = {"zero", "one", "two"};
const char **sp = &strs[1];
int arr[4] = {5, 6, 7, 8};
int *ends[2] = {arr, arr + 3};
long addr_diff = sizeof(arr) / sizeof(*arr);
static int counter;
static int *cptr = &counter;
int main(void) {
    for (struct node *n = &n1; n; n = n->next) printf("%d ", n->v);
    printf("\n%d %d\n", self.next->next->v, *pb);
    printf("%s %s %s\n", mid, *sp, sp[1]);
    printf("%d %d %ld\n", *ends[0], *ends[1], addr_diff);
    (*cptr)++; (*cptr)++;
    printf("%d\n", counter);
    return 0;
}
