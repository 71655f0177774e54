/* json.c: to be written. */
#include "model/json.h"
