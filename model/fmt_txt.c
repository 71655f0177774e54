/* fmt_txt.c: placeholder until the txt reader and writer land. */
#include "model/fmt.h"

const fmt fmt_txt = { "txt", NULL, 0, NULL, NULL, NULL, NULL, NULL };
