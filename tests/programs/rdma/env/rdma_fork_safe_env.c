/*
 * RDMAV_FORK_SAFE (userspace-api.md §1.1 environment table, §1.9): set and not "0", libibverbs
 * calls ibv_fork_init() while it initialises (the first ibv_get_device_list). Run with
 * RDMAV_FORK_SAFE=1 in the environment (tests/programs/rdma.test.ts), the program registers a
 * buffer, forks, and the child reads it.
 *  - up to 5.10 (no copy-on-fork attribute, 6cc9e215eb27 is 5.13): tracking is on
 *    (IBV_FORK_ENABLED), the registration MADV_DONTFORKed the page, the child gets SIGSEGV;
 *  - from 5.13 (rdma-core ≥ v52 ignores IBV_FORK_SAFE et al. when the kernel has fork
 *    support): IBV_FORK_UNNEEDED, the child reads its copy.
 * PinLab-only: no RDMA device natively.
 */
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <stdio.h>
#include <infiniband/verbs.h>

static const char *fork_status(void)
{
	switch (ibv_is_fork_initialized()) {
	case IBV_FORK_DISABLED: return "IBV_FORK_DISABLED";
	case IBV_FORK_ENABLED: return "IBV_FORK_ENABLED";
	case IBV_FORK_UNNEEDED: return "IBV_FORK_UNNEEDED";
	}
	return "?";
}

int main(void)
{
	struct ibv_device **list = ibv_get_device_list(NULL);
	struct ibv_context *ctx = list && list[0] ? ibv_open_device(list[0]) : NULL;
	struct ibv_pd *pd = ctx ? ibv_alloc_pd(ctx) : NULL;
	if (!pd) {
		perror("ibv_alloc_pd");
		return 1;
	}
	printf("RDMAV_FORK_SAFE=%s: %s\n", getenv("RDMAV_FORK_SAFE"), fork_status());
	int *buf = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	buf[0] = 7;
	struct ibv_mr *mr = ibv_reg_mr(pd, buf, 4096, IBV_ACCESS_LOCAL_WRITE);
	if (!mr)
		return 1;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		printf("child reads buf[0] = %d\n", buf[0]);
		fflush(stdout);
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		printf("child killed by signal %d\n", WTERMSIG(status));
	else
		printf("child exited %d\n", WEXITSTATUS(status));
	return 0;
}
