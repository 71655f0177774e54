/* doc.c: to be written. */
#include "model/doc.h"
