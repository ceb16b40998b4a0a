/* C library calls Swift cannot see. The substring search for the journal's history scan: memmem beat a
   hand-written Horspool loop 2-3x on a 70 MB journal (22-54 ms against 62-108 ms for one key, gcc -O2, shared
   2-core machine). */
#define _GNU_SOURCE
#include <string.h>
#include "csearch.h"

const void *setboard_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length) {
    return memmem(haystack, haystack_length, needle, needle_length);
}

#if defined(__GLIBC__)
#include <malloc.h>
int setboard_trim_heap(void) { return malloc_trim(0); }
#else
int setboard_trim_heap(void) { return 0; }
#endif
