/* Shim that exposes the wide-character ncurses API to Swift (only SetBoardTerminal imports it). */
#ifndef SETBOARD_CNCURSES_SHIM_H
#define SETBOARD_CNCURSES_SHIM_H
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/* Swift 6 rejects mutable C globals and cannot import function-like macros, so these wrap them. */
static inline WINDOW *setboard_stdscr(void) { return stdscr; }
static inline int setboard_wcwidth(wchar_t c) { return wcwidth(c); }
static inline int setboard_colors(void) { return COLORS; }
static inline int setboard_color_pairs(void) { return COLOR_PAIRS; }
static inline int setboard_rows(void) { return getmaxy(stdscr); }
static inline int setboard_columns(void) { return getmaxx(stdscr); }
static inline int setboard_key_f0(void) { return KEY_F0; }
/* newterm instead of initscr: initscr exits the process on an unknown TERM; newterm returns NULL. */
static inline SCREEN *setboard_newterm(void) { return newterm(NULL, stdout, stdin); }

static inline attr_t setboard_attr_bold(void) { return A_BOLD; }
static inline attr_t setboard_attr_reverse(void) { return A_REVERSE; }
static inline attr_t setboard_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t setboard_attr_dim(void) { return A_DIM; }

/* Draws one cell (a spacing character plus up to four combining ones, NUL-terminated) at y, x.
   Building the cchar_t here keeps its layout, which differs between ncurses builds, out of Swift. */
static inline int setboard_put_cell(int y, int x, const wchar_t *text, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attrs, pair, NULL) == ERR) return ERR;
    return mvwadd_wch(stdscr, y, x, &cell);
}
#endif
