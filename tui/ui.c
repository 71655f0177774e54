/* ui.c: to be written. */
#include "tui/ui.h"
