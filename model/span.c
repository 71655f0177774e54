/* span.c: to be written. */
#include "model/span.h"
