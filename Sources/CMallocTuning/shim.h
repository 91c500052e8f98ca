#ifndef SFRECONCILE_CSYSTEM_SHIM_H
#define SFRECONCILE_CSYSTEM_SHIM_H
/* C library calls Swift's Glibc module does not expose. */
#include <malloc.h>

/* Fixes glibc's mmap threshold (which also turns off its dynamic growth). 1 on success. */
static inline int sf_set_mmap_threshold(int bytes) { return mallopt(M_MMAP_THRESHOLD, bytes); }
#endif
