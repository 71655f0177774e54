/* fmt_csv.c: placeholder until the csv reader and writer land. */
#include "model/fmt.h"

const fmt fmt_csv = { "csv", NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL };
