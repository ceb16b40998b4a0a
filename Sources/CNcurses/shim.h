/* Shim that exposes the wide-character ncurses API to Swift (only SetBoardTerminal imports it). */
#ifndef SETBOARD_CNCURSES_SHIM_H
#define SETBOARD_CNCURSES_SHIM_H
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline WINDOW *setboard_stdscr(void) { return stdscr; }
static inline int setboard_wcwidth(wchar_t c) { return wcwidth(c); }
#endif
