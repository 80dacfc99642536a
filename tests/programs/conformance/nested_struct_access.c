#include <stdio.h>
struct vec3 { float x, y, z; };
struct transform { struct vec3 pos, scale; struct { int id; char label[4]; } meta; };
struct scene { struct transform objs[3]; int count; };
int main(void) {
    struct scene sc = { .count = 2 };
    sc.objs[0].pos.x = 1.5f;
    sc.objs[1].scale = (struct vec3){2, 3, 4};
    sc.objs[1].meta.id = 7;
    sc.objs[1].meta.label[0] = 'o';
    sc.objs[1].meta.label[1] = 0;
    struct transform *t = &sc.objs[1];
    printf("%.1f %.1f %.1f %.1f\n", sc.objs[0].pos.x, t->scale.x, t->scale.y, (*t).scale.z);
    printf("%d %s %d\n", t->meta.id, t->meta.label, sc.count);
    printf("%zu %zu\n", sizeof sc, sizeof sc.objs[0].meta);
    struct vec3 *v = &t->scale;
    v->y *= 10;
    printf("%.1f\n", sc.objs[1].scale.y);
    return 0;
}
