/* json.c: to be written. */
