/*
 * xml_dl.c: libxml2's functions, looked up on first use (xml_dl.h).
 */
#include "config.h"
#include <stdio.h>
#include <dlfcn.h>
#include "model/xml_dl.h"

struct xml_dl xml_dl;

int
xml_dl_load(char *err, size_t errsz)
{
	static const char *const names[] = {
		"xmlFree", "xmlFreeDoc", "xmlGetProp", "xmlNodeGetContent", "xmlGetLineNo", "xmlFreeParserCtxt",
		"xmlDocGetRootElement", "xmlNodeDump", "xmlNewParserCtxt", "xmlCtxtReadMemory",
		"xmlCtxtGetLastError", "xmlBufferLength", "xmlBufferFree", "xmlBufferCreate", "xmlBufferContent",
		"htmlReadMemory",
	};
	void *fn[sizeof names / sizeof names[0]];
	void *h;

	if (xml_dl.ReadHtml != NULL)
		return 0;
	if ((h = dlopen("libxml2.so.2", RTLD_NOW | RTLD_LOCAL)) == NULL) {
		snprintf(err, errsz, "cannot load libxml2 (apt-get install libxml2): %s", dlerror());
		return -1;
	}
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if ((fn[i] = dlsym(h, names[i])) == NULL) {
			snprintf(err, errsz, "libxml2 lacks %s", names[i]);
			return -1;
		}
	/* POSIX: a function pointer round-trips through dlsym's void *. In
	 * the order of names[]; ReadHtml, set last, says all are. */
	*(void **)&xml_dl.xfree = fn[0];
	*(void **)&xml_dl.FreeDoc = fn[1];
	*(void **)&xml_dl.GetProp = fn[2];
	*(void **)&xml_dl.NodeGetContent = fn[3];
	*(void **)&xml_dl.GetLineNo = fn[4];
	*(void **)&xml_dl.FreeParserCtxt = fn[5];
	*(void **)&xml_dl.DocGetRootElement = fn[6];
	*(void **)&xml_dl.NodeDump = fn[7];
	*(void **)&xml_dl.NewParserCtxt = fn[8];
	*(void **)&xml_dl.CtxtReadMemory = fn[9];
	*(void **)&xml_dl.CtxtGetLastError = fn[10];
	*(void **)&xml_dl.BufferLength = fn[11];
	*(void **)&xml_dl.BufferFree = fn[12];
	*(void **)&xml_dl.BufferCreate = fn[13];
	*(void **)&xml_dl.BufferContent = fn[14];
	*(void **)&xml_dl.ReadHtml = fn[15];
	return 0;
}
