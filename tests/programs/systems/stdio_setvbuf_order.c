/* Buffering decides the order in which stdout and a raw write(1) reach a pipe. */
#include <stdio.h>
#include <unistd.h>

int main(void) {
  printf("A: fully buffered, still in the buffer\n");
  write(1, "B: raw write\n", 13);
  fflush(stdout);
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("C: unbuffered now\n");
  write(1, "D: raw write\n", 13);
  setvbuf(stdout, NULL, _IOLBF, 0);
  printf("E: line buffered, ");
  write(1, "F: raw write\n", 13);
  printf("ends here\n");
  write(1, "G: raw write\n", 13);
  return 0;
}
