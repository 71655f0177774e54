/* fmt_jsonl.c: placeholder until the jsonl reader and writer land. */
#include "model/fmt.h"

const fmt fmt_jsonl = { "jsonl", NULL, 0, NULL, NULL, NULL, NULL, NULL };
