/* fmt_conll.c: placeholder until the conll reader and writer land. */
#include "model/fmt.h"

const fmt fmt_conll = { "conll", NULL, 0, NULL, NULL, NULL, NULL, NULL };
