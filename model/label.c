/* label.c: to be written. */
#include "model/label.h"
