/* A condition variable hands values from a producer thread to the main thread, in order. */
#include <stdio.h>
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int slot = -1, done;

static void *producer(void *arg) {
  (void)arg;
  for (int i = 1; i <= 5; i++) {
    pthread_mutex_lock(&m);
    while (slot != -1) pthread_cond_wait(&c, &m);
    slot = i * i;
    pthread_cond_broadcast(&c);
    pthread_mutex_unlock(&m);
  }
  pthread_mutex_lock(&m);
  while (slot != -1) pthread_cond_wait(&c, &m);
  done = 1;
  pthread_cond_broadcast(&c);
  pthread_mutex_unlock(&m);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, producer, NULL);
  for (;;) {
    pthread_mutex_lock(&m);
    while (slot == -1 && !done) pthread_cond_wait(&c, &m);
    if (slot == -1 && done) { pthread_mutex_unlock(&m); break; }
    printf("got %d\n", slot);
    slot = -1;
    pthread_cond_broadcast(&c);
    pthread_mutex_unlock(&m);
  }
  pthread_join(t, NULL);
  printf("producer finished\n");
  return 0;
}
