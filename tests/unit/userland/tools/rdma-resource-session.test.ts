/**
 * `rdma resource` end to end in a booted machine: a C program (libibverbs) holds a PD, an MR and
 * a CQ while the shell runs the tool, so the resources come from the kernel's uverbs objects and
 * the CAP_NET_ADMIN rule is decided for the real caller (root vs the student account). Formats:
 * iproute2 rdma/res.c, res-pd.c, res-mr.c, res-cq.c; attributes: kernel nldev.c
 * fill_res_{pd,mr,cq}_entry (keys only with CAP_NET_ADMIN). comm is what /proc/PID/comm shows.
 */
import { describe, expect, it } from 'vitest'
import { shellSession } from '../os/shell-session'

const HOLD_C = `#include <stdio.h>
#include <unistd.h>
#include <infiniband/verbs.h>
int main(void)
{
	struct ibv_device **l = ibv_get_device_list(NULL);
	struct ibv_context *ctx = ibv_open_device(l[0]);
	struct ibv_pd *pd = ibv_alloc_pd(ctx);
	static char buf[4096];
	struct ibv_mr *mr = ibv_reg_mr(pd, buf, 4096, IBV_ACCESS_LOCAL_WRITE);
	struct ibv_cq *cq = ibv_create_cq(ctx, 3, NULL, NULL, 0);
	printf("ready %d\\n", mr != NULL && cq != NULL);
	fflush(stdout);
	char c;
	read(0, &c, 1);
	return 0;
}
`

/** Types lines into a logged-in shell (the program source is in /tmp/hold.c) and returns the terminal. */
function session(lines: string[], user: 'root' | 'student'): Promise<string> {
  return shellSession(lines, user, true, (m) => m.vfs.writeFile('/tmp/hold.c', new TextEncoder().encode(HOLD_C), 0o644))
}

const LINES = ['cc -o /tmp/hold /tmp/hold.c', 'sleep 100 | /tmp/hold &', 'sleep 1', 'rdma res show pd; rdma res show mr; rdma res show cq; rdma res']

describe('rdma resource with a C program holding objects', () => {
  it('root (CAP_NET_ADMIN): local_dma_lkey and the MR keys', async () => {
    const out = await session(LINES, 'root')
    expect(out).toContain('ready 1\n')
    expect(out).toContain(
      'dev mlx5_0 pdn 0 local_dma_lkey 0x0 users 1 ctxn 0 pid 4 comm hold \n' +
        'dev mlx5_0 mrn 0 rkey 0x140 lkey 0x140 mrlen 4096 pdn 0 pid 4 comm hold \n' +
        'dev mlx5_0 cqn 0 cqe 3 users 0 adaptive-moderation off ctxn 0 pid 4 comm hold \n' +
        '0: mlx5_0: pd 1 cq 1 qp 0 cm_id 0 mr 1 ctx 1 srq 0 \n'
    )
  })
  it('an unprivileged user: no keys', async () => {
    const out = await session(LINES, 'student')
    expect(out).toContain(
      'dev mlx5_0 pdn 0 users 1 ctxn 0 pid 4 comm hold \n' +
        'dev mlx5_0 mrn 0 mrlen 4096 pdn 0 pid 4 comm hold \n' +
        'dev mlx5_0 cqn 0 cqe 3 users 0 adaptive-moderation off ctxn 0 pid 4 comm hold \n'
    )
  })
})
