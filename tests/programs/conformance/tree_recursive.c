#include <stdio.h>
#include <stdlib.h>
struct tree { int key; struct tree *l, *r; };
static struct tree *insert(struct tree *t, int k) {
    if (!t) { t = calloc(1, sizeof *t); t->key = k; return t; }
    if (k < t->key) t->l = insert(t->l, k); else t->r = insert(t->r, k);
    return t;
}
static void inorder(const struct tree *t) { if (!t) return; inorder(t->l); printf("%d ", t->key); inorder(t->r); }
static int height(const struct tree *t) { if (!t) return 0; int a = height(t->l), b = height(t->r); return 1 + (a > b ? a : b); }
static int count(const struct tree *t) { return t ? 1 + count(t->l) + count(t->r) : 0; }
int main(void) {
    struct tree *t = NULL;
    int keys[] = {50, 30, 70, 20, 40, 60, 80, 35, 45, 65};
    for (int i = 0; i < 10; i++) t = insert(t, keys[i]);
    inorder(t); printf("\n");
    printf("height=%d count=%d\n", height(t), count(t));
    return 0;
}
