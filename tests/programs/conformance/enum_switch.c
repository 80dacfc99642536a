#include <stdio.h>
enum op { OP_PUSH, OP_ADD, OP_MUL, OP_PRINT, OP_HALT };
struct ins { enum op op; int arg; };
int main(void) {
    struct ins prog[] = { {OP_PUSH, 6}, {OP_PUSH, 7}, {OP_MUL, 0}, {OP_PUSH, 8}, {OP_ADD, 0}, {OP_PRINT, 0}, {OP_HALT, 0} };
    int stack[16], sp = 0;
    for (int pc = 0; ; pc++) {
        struct ins in = prog[pc];
        switch (in.op) {
        case OP_PUSH: stack[sp++] = in.arg; break;
        case OP_ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case OP_MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case OP_PRINT: printf("%d\n", stack[sp - 1]); break;
        case OP_HALT: return 0;
        }
    }
}
