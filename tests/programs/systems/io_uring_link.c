/* Linked SQEs (IOSQE_IO_LINK, 5.3): a member that fails — an error, or a read that returns fewer
 * bytes than asked — cancels the rest of its chain with -ECANCELED without running them; the
 * kernel fails them from task_work, so a request submitted after the chain completes first
 * (observed 6.18). IOSQE_IO_HARDLINK (5.5) keeps going after a failure; IOSQE_CQE_SKIP_SUCCESS
 * (5.17) posts no CQE for a success; a link flag on the last SQE of a batch just runs it.
 * Only 6.18 is asserted: the completion order of cancelled links in older kernels (which failed
 * them inline) is not established by the reference. */
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <liburing.h>
static struct io_uring r;
static void reap(int n){ for(int i=0;i<n;i++){ struct io_uring_cqe*c; int ret=io_uring_wait_cqe(&r,&c); if(ret){printf("wait %d\n",ret);return;} printf("  %llu: %d\n",(unsigned long long)c->user_data,c->res); io_uring_cqe_seen(&r,c);} }
int main(){ io_uring_queue_init(8,&r,0); int fd=open("uring_link.dat",O_RDWR|O_CREAT|O_TRUNC,0600); unlink("uring_link.dat"); write(fd,"hello",5); char b[100];
 struct io_uring_sqe*s;
 printf("bad fd read linked to nop, nop:\n");
 s=io_uring_get_sqe(&r); io_uring_prep_read(s,999,b,10,0); s->flags|=IOSQE_IO_LINK; s->user_data=1;
 s=io_uring_get_sqe(&r); io_uring_prep_nop(s); s->flags|=IOSQE_IO_LINK; s->user_data=2;
 s=io_uring_get_sqe(&r); io_uring_prep_nop(s); s->user_data=3;
 s=io_uring_get_sqe(&r); io_uring_prep_nop(s); s->user_data=4;
 printf("submit %d\n", io_uring_submit(&r)); reap(4);
 printf("short read linked to nop:\n");
 s=io_uring_get_sqe(&r); io_uring_prep_read(s,fd,b,100,0); s->flags|=IOSQE_IO_LINK; s->user_data=5;
 s=io_uring_get_sqe(&r); io_uring_prep_nop(s); s->user_data=6;
 printf("submit %d\n", io_uring_submit(&r)); reap(2);
 printf("hardlink: bad read, nop:\n");
 s=io_uring_get_sqe(&r); io_uring_prep_read(s,999,b,10,0); s->flags|=IOSQE_IO_HARDLINK; s->user_data=7;
 s=io_uring_get_sqe(&r); io_uring_prep_nop(s); s->user_data=8;
 printf("submit %d\n", io_uring_submit(&r)); reap(2);
 printf("cqe skip success:\n");
 s=io_uring_get_sqe(&r); io_uring_prep_nop(s); s->flags|=IOSQE_CQE_SKIP_SUCCESS; s->user_data=9;
 s=io_uring_get_sqe(&r); io_uring_prep_read(s,999,b,10,0); s->flags|=IOSQE_CQE_SKIP_SUCCESS; s->user_data=10;
 s=io_uring_get_sqe(&r); io_uring_prep_nop(s); s->user_data=11;
 printf("submit %d\n", io_uring_submit(&r)); reap(2);
 printf("link at the end of the batch (dangling):\n");
 s=io_uring_get_sqe(&r); io_uring_prep_nop(s); s->flags|=IOSQE_IO_LINK; s->user_data=12;
 printf("submit %d\n", io_uring_submit(&r)); reap(1);
}
