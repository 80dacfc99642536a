/* Signal handlers run, then the interrupted code continues; SIG_IGN ignores; SIG_DFL kills. */
#include <stdio.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>

static volatile sig_atomic_t got;

static void handler(int sig) { got = sig; }

int main(void) {
  signal(SIGUSR1, handler);
  raise(SIGUSR1);
  printf("handler saw signal %d\n", got);
  signal(SIGUSR2, SIG_IGN);
  raise(SIGUSR2);
  printf("ignored SIGUSR2, still running\n");
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    signal(SIGUSR1, SIG_DFL);
    raise(SIGUSR1);
    printf("not reached\n");
    return 0;
  }
  int st;
  waitpid(pid, &st, 0);
  printf("child: signaled=%d sig=%d\n", WIFSIGNALED(st), WTERMSIG(st));
  return 0;
}
