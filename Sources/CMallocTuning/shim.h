#ifndef SFRECONCILE_CSYSTEM_SHIM_H
#define SFRECONCILE_CSYSTEM_SHIM_H
/* C library calls Swift's Glibc module does not expose. */
#include <malloc.h>

/* Fixes glibc's mmap threshold (which also turns off its dynamic growth). 1 on success. */
static inline int sf_set_mmap_threshold(int bytes) { return mallopt(M_MMAP_THRESHOLD, bytes); }

/* How much more than asked the heap grows by at a time. 1 on success. */
static inline int sf_set_top_pad(int bytes) { return mallopt(M_TOP_PAD, bytes); }

/* How much free memory at the heap's top is kept before it is given back. 1 on success. */
static inline int sf_set_trim_threshold(int bytes) { return mallopt(M_TRIM_THRESHOLD, bytes); }
#endif
