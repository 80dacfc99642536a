/**
 * Programs of the kind the labs run compile against PinLab's /usr/include exactly as they do
 * against the host's: the 2012 ibv_reg_mr snippet grown into a small RC client, an io_uring
 * fixed-buffer write, a fork/pagemap/memfd/vmsplice experiment, threads and a SIGSEGV handler,
 * and the gup_test ioctls. gcc with -Wall -Wextra -Werror on both sides: a missing name, a wrong
 * type or a const mismatch in PinLab's headers shows up as an error.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { gcc, OUR_HEADERS, requireToolchain } from './toolchain'

const STRICT = ['-Wall', '-Wextra', '-Werror']

const PROGRAMS: Record<string, string> = {
  'ibv_reg_mr and an RDMA write': `#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <errno.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <endian.h>
#include <infiniband/verbs.h>

int main(void)
{
	int num, ret;
	struct ibv_device **list = ibv_get_device_list(&num);
	if (!list || num == 0) {
		perror("ibv_get_device_list");
		return 1;
	}
	printf("device %s\\n", ibv_get_device_name(list[0]));
	struct ibv_context *ctx = ibv_open_device(list[0]);
	struct ibv_pd *pd = ibv_alloc_pd(ctx);
	long page = sysconf(_SC_PAGESIZE);
	int *buf = malloc(16 * page);
	struct ibv_mr *mr = ibv_reg_mr(pd, buf, 16 * page, IBV_ACCESS_REMOTE_READ);
	if (!mr) {
		fprintf(stderr, "ibv_reg_mr: %s\\n", strerror(errno));
		return 1;
	}
	buf[0] = 2012;
	struct ibv_mr *mr2 = ibv_reg_mr_iova(pd, buf, page, (uintptr_t)buf, IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_RELAXED_ORDERING);
	printf("lkey %u rkey %u %p\\n", mr->lkey, mr->rkey, (void *)mr2);

	struct ibv_device_attr_ex attr;
	if (ibv_query_device_ex(ctx, NULL, &attr) == 0 && (attr.odp_caps.general_caps & IBV_ODP_SUPPORT) &&
	    (attr.odp_caps.per_transport_caps.rc_odp_caps & (IBV_ODP_SUPPORT_SEND | IBV_ODP_SUPPORT_RECV)))
		printf("ODP, max_mr_size %llu\\n", (unsigned long long)attr.orig_attr.max_mr_size);
	struct ibv_port_attr port;
	union ibv_gid gid;
	if (ibv_query_port(ctx, 1, &port) == 0 && port.state == IBV_PORT_ACTIVE && port.link_layer == IBV_LINK_LAYER_ETHERNET &&
	    ibv_query_gid(ctx, 1, 0, &gid) == 0)
		printf("gid %016llx:%016llx mtu %d\\n", (unsigned long long)be64toh(gid.global.subnet_prefix),
		       (unsigned long long)be64toh(gid.global.interface_id), port.active_mtu);

	struct ibv_cq *cq = ibv_create_cq(ctx, 16, NULL, NULL, 0);
	struct ibv_qp_init_attr qia = {
		.send_cq = cq,
		.recv_cq = cq,
		.cap = { .max_send_wr = 1, .max_recv_wr = 1, .max_send_sge = 1, .max_recv_sge = 1 },
		.qp_type = IBV_QPT_RC,
	};
	struct ibv_qp *qp = ibv_create_qp(pd, &qia);
	struct ibv_qp_attr qa = { .qp_state = IBV_QPS_INIT, .pkey_index = 0, .port_num = 1, .qp_access_flags = IBV_ACCESS_REMOTE_WRITE };
	ret = ibv_modify_qp(qp, &qa, IBV_QP_STATE | IBV_QP_PKEY_INDEX | IBV_QP_PORT | IBV_QP_ACCESS_FLAGS);
	memset(&qa, 0, sizeof(qa));
	qa.qp_state = IBV_QPS_RTR;
	qa.path_mtu = IBV_MTU_1024;
	qa.dest_qp_num = qp->qp_num;
	qa.rq_psn = lrand48() & 0xffffff;
	qa.max_dest_rd_atomic = 1;
	qa.min_rnr_timer = 12;
	qa.ah_attr.is_global = 1;
	qa.ah_attr.grh.dgid = gid;
	qa.ah_attr.grh.hop_limit = 1;
	qa.ah_attr.port_num = 1;
	ret |= ibv_modify_qp(qp, &qa, IBV_QP_STATE | IBV_QP_AV | IBV_QP_PATH_MTU | IBV_QP_DEST_QPN | IBV_QP_RQ_PSN |
				     IBV_QP_MAX_DEST_RD_ATOMIC | IBV_QP_MIN_RNR_TIMER);
	if (ret)
		fprintf(stderr, "modify_qp: %s\\n", strerror(ret));

	struct ibv_sge sge = { .addr = (uintptr_t)buf, .length = 8, .lkey = mr->lkey };
	struct ibv_send_wr wr = { .wr_id = 1, .sg_list = &sge, .num_sge = 1, .opcode = IBV_WR_RDMA_WRITE_WITH_IMM, .send_flags = IBV_SEND_SIGNALED };
	struct ibv_send_wr *bad;
	wr.imm_data = htonl(2012);
	wr.wr.rdma.remote_addr = 0x1000;
	wr.wr.rdma.rkey = mr->rkey;
	ret = ibv_post_send(qp, &wr, &bad);
	struct ibv_recv_wr rwr = { .wr_id = 2, .sg_list = &sge, .num_sge = 1 }, *rbad;
	ret |= ibv_post_recv(qp, &rwr, &rbad);
	struct ibv_wc wc;
	while (ret == 0 && ibv_poll_cq(cq, 1, &wc) == 0)
		;
	if (ret == 0 && wc.status != IBV_WC_SUCCESS)
		printf("wr %llu: %s\\n", (unsigned long long)wc.wr_id, ibv_wc_status_str(wc.status));
	if (ret == 0 && (wc.opcode & IBV_WC_RECV) && (wc.wc_flags & IBV_WC_WITH_IMM))
		printf("imm %u\\n", ntohl(wc.imm_data));

	struct ibv_sge prefetch = { .addr = (uintptr_t)buf, .length = 4096, .lkey = mr->lkey };
	ret = ibv_advise_mr(pd, IBV_ADVISE_MR_ADVICE_PREFETCH_WRITE, IBV_ADVISE_MR_FLAG_FLUSH, &prefetch, 1);
	printf("advise %d fork %d init %d\\n", ret, ibv_is_fork_initialized() == IBV_FORK_UNNEEDED, ibv_fork_init());

	ibv_destroy_qp(qp);
	ibv_destroy_cq(cq);
	ibv_dereg_mr(mr);
	ibv_dealloc_pd(pd);
	ibv_close_device(ctx);
	ibv_free_device_list(list);
	free(buf);
	return 0;
}
`,
  'io_uring fixed buffer': `#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <liburing.h>

int main(void)
{
	struct io_uring ring;
	struct io_uring_params p;
	int r;

	memset(&p, 0, sizeof(p));
	r = io_uring_queue_init_params(8, &ring, &p);
	if (r < 0) {
		fprintf(stderr, "io_uring_queue_init: %s\\n", strerror(-r));
		return 1;
	}
	printf("features %#x sq_off.array %u cq_off.cqes %u\\n", p.features, p.sq_off.array, p.cq_off.cqes);
	void *buf = mmap(NULL, 16 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		return 1;
	struct iovec iov = { .iov_base = buf, .iov_len = 16 * 4096 };
	r = io_uring_register_buffers(&ring, &iov, 1);
	if (r)
		fprintf(stderr, "register: %s\\n", strerror(-r));
	((char *)buf)[0] = 'x';
	int fd = open("/tmp/data", O_RDWR | O_CREAT | O_DIRECT, 0644);
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
	io_uring_prep_write_fixed(sqe, fd, buf, 4096, 0, 0);
	io_uring_sqe_set_data(sqe, buf);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_read_fixed(sqe, fd, (char *)buf + 4096, 4096, 0, 0);
	sqe->flags |= IOSQE_IO_LINK;
	io_uring_prep_nop(io_uring_get_sqe(&ring));
	printf("submitted %d\\n", io_uring_submit(&ring));
	for (int i = 0; i < 3; i++) {
		struct io_uring_cqe *cqe;
		r = io_uring_wait_cqe(&ring, &cqe);
		if (r < 0)
			break;
		printf("res %d data %p\\n", cqe->res, io_uring_cqe_get_data(cqe));
		io_uring_cqe_seen(&ring, cqe);
	}
	r = io_uring_register(ring.ring_fd, IORING_UNREGISTER_BUFFERS, NULL, 0);
	io_uring_queue_exit(&ring);
	munmap(buf, 16 * 4096);
	close(fd);
	return r != 0;
}
`,
  'fork, pagemap, memfd and vmsplice': `#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sys/uio.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <linux/memfd.h>
#include <linux/mman.h>

#define PM_PFN_MASK ((1ULL << 55) - 1)

static uint64_t pagemap(void *addr)
{
	uint64_t entry = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);
	if (pread(fd, &entry, sizeof(entry), (uintptr_t)addr / 4096 * sizeof(entry)) != sizeof(entry))
		perror("pread");
	close(fd);
	return entry;
}

int main(void)
{
	char *p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 1;
	p[0] = 1;
	uint64_t e = pagemap(p);
	printf("present %d exclusive %d pfn %" PRIx64 "\\n", (int)(e >> 63), (int)((e >> 56) & 1), (uint64_t)(e & PM_PFN_MASK));
	if (madvise(p + 4096, 4096, MADV_DONTFORK))
		perror("madvise");
	pid_t pid = fork();
	if (pid == 0) {
		p[4096] = 2;
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		printf("child: %s%s\\n", strsignal(WTERMSIG(status)), WCOREDUMP(status) ? " (core dumped)" : "");
	else if (WIFEXITED(status))
		printf("child exit %d\\n", WEXITSTATUS(status));

	struct rlimit rl;
	getrlimit(RLIMIT_MEMLOCK, &rl);
	printf("memlock %lu%s\\n", (unsigned long)rl.rlim_cur, rl.rlim_cur == RLIM_INFINITY ? " (unlimited)" : "");
	rl.rlim_cur = 64 * 1024;
	setrlimit(RLIMIT_MEMLOCK, &rl);
	if (mlock(p, 4096) || munlock(p, 4096))
		perror("mlock");

	int mfd = memfd_create("pinlab", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (ftruncate(mfd, 4096) || fcntl(mfd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW) < 0)
		perror("memfd");
	printf("seals %d\\n", fcntl(mfd, F_GET_SEALS));
	struct stat st;
	fstat(mfd, &st);
	printf("size %lld regular %d\\n", (long long)st.st_size, S_ISREG(st.st_mode));
	void *huge = mmap(NULL, 2 << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_HUGE_2MB, -1, 0);
	printf("hugetlb %s\\n", huge == MAP_FAILED ? "refused" : "mapped");

	int pfd[2];
	if (pipe(pfd))
		return 1;
	struct iovec iov = { .iov_base = p, .iov_len = 4096 };
	ssize_t n = vmsplice(pfd[1], &iov, 1, SPLICE_F_GIFT);
	printf("vmspliced %zd, tid %ld\\n", n, (long)syscall(SYS_gettid));
	kill(getpid(), 0);
	return 0;
}
`,
  'threads and a SIGSEGV handler': `#define _GNU_SOURCE
#include <assert.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static long counter;

static void *worker(void *arg)
{
	for (int i = 0; i < 1000; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_cond_signal(&cond);
		pthread_mutex_unlock(&lock);
		sched_yield();
	}
	return arg;
}

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	printf("signal %d at %p (%s)\\n", sig, si->si_addr, si->si_code == SEGV_MAPERR ? "SEGV_MAPERR" : "SEGV_ACCERR");
	_exit(0);
}

int main(void)
{
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	assert(counter == 2000);

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct timespec ts;
	struct timeval tv;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	gettimeofday(&tv, NULL);
	printf("%ld %ld\\n", (long)ts.tv_sec, (long)tv.tv_usec);
	*(volatile int *)0 = 1;
	return 0;
}
`
}

/** The gup_test selftest's use of the interface; the host has no gup_test.h (it lives in the kernel's mm/). */
const GUP_TEST = `#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include "gup_test.h"

#define FOLL_WRITE 0x01

int main(void)
{
	int fd = open("/sys/kernel/debug/gup_test", O_RDWR);
	if (fd < 0) {
		perror("open /sys/kernel/debug/gup_test");
		return 4;
	}
	size_t size = 16 * 4096;
	char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct gup_test gup = { .addr = (unsigned long)p, .size = size, .nr_pages_per_call = 1, .gup_flags = FOLL_WRITE };
	if (ioctl(fd, PIN_LONGTERM_BENCHMARK, &gup)) {
		perror("ioctl");
		return 1;
	}
	printf("PIN_LONGTERM_BENCHMARK: Time: get:%lld put:%lld us\\n", (long long)gup.get_delta_usec, (long long)gup.put_delta_usec);
	gup.which_pages[0] = 1;
	gup.test_flags = GUP_TEST_FLAG_DUMP_PAGES_USE_PIN;
	ioctl(fd, DUMP_USER_PAGES_TEST, &gup);
	struct pin_longterm_test t = { .addr = (uintptr_t)p, .size = size, .flags = PIN_LONGTERM_TEST_FLAG_USE_WRITE };
	if (ioctl(fd, PIN_LONGTERM_TEST_START, &t))
		return 1;
	char *copy = malloc(size);
	__u64 dst = (uintptr_t)copy;
	ioctl(fd, PIN_LONGTERM_TEST_READ, &dst);
	ioctl(fd, PIN_LONGTERM_TEST_STOP);
	printf("%d\\n", copy[0]);
	return 0;
}
`

describe('lab-style programs', () => {
  it.each(Object.keys(PROGRAMS))('%s compiles against the host headers and against PinLab headers', (name) => {
    requireToolchain()
    const source = PROGRAMS[name]!
    gcc(source, { ours: false, flags: STRICT })
    gcc(source, { ours: true, flags: STRICT })
  })

  it('the gup_test program compiles with gup_test.h next to it, against the host headers and against PinLab headers', () => {
    requireToolchain()
    const dir = mkdtempSync(join(tmpdir(), 'pinlab-gup-'))
    try {
      writeFileSync(join(dir, 'gup_test.h'), OUR_HEADERS['gup_test.h']!)
      gcc(GUP_TEST, { ours: false, flags: [...STRICT, '-iquote', dir] })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    gcc(GUP_TEST, { ours: true, flags: STRICT })
  })

  it('a program with a mistake fails on both sides alike', () => {
    requireToolchain()
    const wrong = `#include <sys/mman.h>\nint main(void) { return mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1) != 0; }\n`
    expect(() => gcc(wrong, { ours: false, flags: STRICT })).toThrow(/too few arguments/)
    expect(() => gcc(wrong, { ours: true, flags: STRICT })).toThrow(/too few arguments/)
  })
})
