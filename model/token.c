/* token.c: to be written. */
#include "model/token.h"
