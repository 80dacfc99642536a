/* Two threads increment a counter under a mutex; join returns each start routine's value; errno is per thread. */
#include <stdio.h>
#include <pthread.h>
#include <errno.h>
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static void *work(void *arg) {
  long n = (long)arg;
  for (long i = 0; i < n; i++) { pthread_mutex_lock(&lock); counter++; pthread_mutex_unlock(&lock); }
  errno = 7;
  return (void *)(n * 2);
}
int main(void) {
  pthread_t a, b; void *ra, *rb;
  errno = 0;
  pthread_create(&a, NULL, work, (void *)100000);
  pthread_create(&b, NULL, work, (void *)50000);
  pthread_join(a, &ra); pthread_join(b, &rb);
  printf("counter=%ld ra=%ld rb=%ld errno(main)=%d\n", counter, (long)ra, (long)rb, errno);
  return 0;
}
