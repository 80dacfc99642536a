#include <stdio.h>
#define FEATURE_A 1
#define LEVEL 3
#if defined(FEATURE_A) && LEVEL > 2
#define MODE "high"
#elif LEVEL > 1
#define MODE "mid"
#else
#define MODE "low"
#endif
#ifdef FEATURE_B
#error "should not be defined"
#endif
#ifndef FEATURE_B
#define B_STATE "off"
#endif
#if 0
this is not C at all ' "
#endif
#if (1 << 4) == 16 && -1 < 0 && 0xffffffffffffffff > 0
#define MATH_OK 1
#else
#define MATH_OK 0
#endif
#if __x86_64__ && __LP64__ && __CHAR_BIT__ == 8 && __SIZEOF_LONG__ == 8 && __GNUC__ >= 4
#define PLATFORM "x86_64-lp64"
#endif
#if !defined FEATURE_C
#  if LEVEL == 3
#    define NESTED "yes"
#  else
#    define NESTED "no"
#  endif
#endif
#if 10 / 3 == 3 && 10 % 3 == 1 && (2 ? 5 : 6) == 5
#define ARITH "ok"
#endif
int main(void) {
    printf("%s %s %d %s %s %s\n", MODE, B_STATE, MATH_OK, PLATFORM, NESTED, ARITH);
#ifdef __STDC__
    printf("stdc %d\n", __STDC__);
#endif
    return 0;
}
