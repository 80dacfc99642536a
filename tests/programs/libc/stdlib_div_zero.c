/* div(1, 0) traps like the idiv it is: SIGFPE. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  volatile int z = 0;
  printf("before\n");
  fflush(stdout);
  div_t d = div(1, z);
  printf("%d\n", d.quot);
  return 0;
}
