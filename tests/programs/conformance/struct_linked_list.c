#include <stdio.h>
#include <stdlib.h>
struct node { int val; struct node *next; };
static struct node *push(struct node *head, int v) {
    struct node *n = malloc(sizeof *n);
    n->val = v; n->next = head;
    return n;
}
static struct node *reverse(struct node *h) {
    struct node *prev = NULL;
    while (h) { struct node *nx = h->next; h->next = prev; prev = h; h = nx; }
    return prev;
}
int main(void) {
    struct node *h = NULL;
    for (int i = 1; i <= 6; i++) h = push(h, i * i);
    for (struct node *n = h; n; n = n->next) printf("%d ", n->val);
    printf("\n");
    h = reverse(h);
    for (struct node *n = h; n; n = n->next) printf("%d ", n->val);
    printf("\n");
    int len = 0;
    for (struct node *n = h; n != NULL; n = n->next) len++;
    printf("len=%d\n", len);
    return 0;
}
