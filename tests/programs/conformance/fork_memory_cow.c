#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>
int global = 1;
int main(void) {
    int *heap = malloc(sizeof(int));
    *heap = 100;
    int local[4] = {1, 2, 3, 4};
    pid_t pid = fork();
    if (pid == 0) {
        global = 2; *heap = 200; local[2] = 30;
        printf("child: %d %d %d\n", global, *heap, local[2]);
        fflush(stdout);
        exit(0);
    }
    waitpid(pid, NULL, 0);
    printf("parent: %d %d %d\n", global, *heap, local[2]);
    return 0;
}
