/*
 * libibverbs on a kernel without RDMA (userspace-api.md §1.1, §1.9, §7 item 11): this machine
 * natively, and a PinLab machine booted without its HCA. ibv_get_device_list sets *num_devices
 * to 0 and returns NULL with errno ENOSYS ("no kernel support for RDMA"); without RDMA netlink
 * nothing reports copy-on-fork, so fork tracking starts DISABLED and ibv_fork_init() enables it.
 * Compared with the native run by tests/programs/rdma.test.ts.
 */
#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <infiniband/verbs.h>

int main(void)
{
	int n = -1;
	errno = 0;
	struct ibv_device **list = ibv_get_device_list(&n);
	printf("ibv_get_device_list: %s, num_devices %d, errno %s\n", list ? "a list" : "NULL", n, strerror(errno));
	printf("ibv_is_fork_initialized: %d\n", ibv_is_fork_initialized());
	printf("ibv_fork_init: %d\n", ibv_fork_init());
	printf("ibv_is_fork_initialized: %d\n", ibv_is_fork_initialized());
	printf("ibv_wc_status_str(IBV_WC_WR_FLUSH_ERR): %s\n", ibv_wc_status_str(IBV_WC_WR_FLUSH_ERR));
	printf("ibv_wc_status_str(99): %s\n", ibv_wc_status_str(99));
	return 0;
}
