/* fmt_brat.c: placeholder until the brat reader and writer land. */
#include "model/fmt.h"

const fmt fmt_brat = { "brat", NULL, 0, NULL, NULL, NULL, NULL, NULL };
