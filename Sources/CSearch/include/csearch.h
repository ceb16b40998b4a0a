/* Byte search the C library already does well, for Swift code that cannot see it: glibc declares memmem only
   under _GNU_SOURCE, which Swift's Glibc module does not define. */
#ifndef SETBOARD_CSEARCH_H
#define SETBOARD_CSEARCH_H
#include <stddef.h>

/* Where `needle` first occurs in `haystack`, or NULL: glibc's memmem (two-way search). */
const void *setboard_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);

#endif
