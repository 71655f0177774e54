/* cli.c: to be written. */
#include "tui/cli.h"
