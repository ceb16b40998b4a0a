/* Byte search the C library already does well, for Swift code that cannot see it: glibc declares memmem only
   under _GNU_SOURCE, which Swift's Glibc module does not define. */
#ifndef SETBOARD_CSEARCH_H
#define SETBOARD_CSEARCH_H
#include <stddef.h>
#include <stdint.h>

/* Where `needle` first occurs in `haystack`, or NULL: glibc's memmem (two-way search). */
const void *setboard_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);

/* Folds the longest prefix of `bytes` that is a multiple of 16 bytes (at least 64) into the running CRC-32 state
   `*crc` (the zlib polynomial, not inverted) with carry-less multiplication, and answers how many bytes it took: 0 when
   the processor cannot or the input is shorter than 64 bytes, and the caller's table loop does the rest. */
size_t setboard_crc32_fold(uint32_t *crc, const void *bytes, size_t count);

/* Gives the heap's free memory back to the system (glibc's malloc_trim, which Swift's Glibc module does not declare);
   elsewhere nothing. Answers 1 when some was given back. */
int setboard_trim_heap(void);

#endif
