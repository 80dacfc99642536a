/* Every ctype function for every int from -130 to 260 (EOF included) in the C locale. */
#include <stdio.h>
#include <ctype.h>

int main(void) {
  for (int c = -128; c <= 255; c++) {
    printf("%d: %d %d %d %d %d %d %d %d %d %d %d %d up=%d lo=%d ascii=%d/%d\n", c, isalpha(c), isdigit(c), isalnum(c), isspace(c),
           isupper(c), islower(c), isxdigit(c), isprint(c), ispunct(c), iscntrl(c), isgraph(c), isblank(c), toupper(c), tolower(c),
           isascii(c), toascii(c));
  }
  printf("EOF: %d %d %d\n", isalpha(EOF), toupper(EOF), tolower(EOF));
  printf("big: %d %d %d %d\n", toupper(300), tolower(-300), toupper(0x161), tolower(0x141));
  return 0;
}
