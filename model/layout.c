/* layout.c: to be written. */
#include "model/layout.h"
