/* bits/stdint-intn.h - the exact-width signed integer types, shared by
   <stdint.h> and <sys/types.h> so each is defined once. */
#ifndef _BITS_STDINT_INTN_H
#define _BITS_STDINT_INTN_H

typedef signed char int8_t;
typedef short int16_t;
typedef int int32_t;
typedef long int64_t;

#endif /* _BITS_STDINT_INTN_H */
