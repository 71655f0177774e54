/* fmt_labelstudio.c: placeholder until the labelstudio reader and writer land. */
#include "model/fmt.h"

const fmt fmt_labelstudio = { "labelstudio", NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL };
