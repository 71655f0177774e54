/* text.c: to be written. */
#include "model/text.h"
