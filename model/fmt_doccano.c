/* fmt_doccano.c: placeholder until the doccano reader and writer land. */
#include "model/fmt.h"

const fmt fmt_doccano = { "doccano", NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL };
