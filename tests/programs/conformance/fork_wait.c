#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void) {
    int value = 10;
    printf("before fork (buffered, so printed twice)\n");
    pid_t pid = fork();
    if (pid == 0) {
        value += 5;
        printf("child value=%d\n", value);
        exit(7);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    printf("parent value=%d child exited=%d status=%d\n", value, WIFEXITED(status), WEXITSTATUS(status));
    return 0;
}
