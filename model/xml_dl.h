/*
 * xml_dl.h: libxml2, opened with dlopen on first use instead of linked
 * (html.c and fmt_feed.c include this after the libxml2 headers; the
 * names below then call through xml_dl).
 *
 * Why: libxml2 brings ICU and libstdc++, and loading them cost every
 * gloss start about 1 ms of CPU (a program linked with gloss's libraries:
 * 2.4 ms, without libxml2: 1.4 ms), a tenth of gloss search's 10 ms, for
 * the few commands that read feeds or pages. configure still checks for
 * libxml2 and its headers give the types, as tui/fetch.c does for
 * libcurl. The table is set once, on first use, and only read after.
 */
#ifndef GLOSS_XML_DL_H
#define GLOSS_XML_DL_H

#include <stddef.h>
#include <libxml/HTMLparser.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

struct xml_dl {
	xmlFreeFunc *xfree;     /* the variable xmlFree */
	__typeof__(xmlFreeDoc) *FreeDoc;
	__typeof__(xmlGetProp) *GetProp;
	__typeof__(xmlNodeGetContent) *NodeGetContent;
	__typeof__(xmlGetLineNo) *GetLineNo;
	__typeof__(xmlFreeParserCtxt) *FreeParserCtxt;
	__typeof__(xmlDocGetRootElement) *DocGetRootElement;
	__typeof__(xmlNodeDump) *NodeDump;
	__typeof__(xmlNewParserCtxt) *NewParserCtxt;
	__typeof__(xmlCtxtReadMemory) *CtxtReadMemory;
	__typeof__(xmlCtxtGetLastError) *CtxtGetLastError;
	__typeof__(xmlBufferLength) *BufferLength;
	__typeof__(xmlBufferFree) *BufferFree;
	__typeof__(xmlBufferCreate) *BufferCreate;
	__typeof__(xmlBufferContent) *BufferContent;
	__typeof__(htmlReadMemory) *ReadHtml;
};
extern struct xml_dl xml_dl;

/* Open libxml2 unless it is; 0, or -1 with what failed in err. */
int xml_dl_load(char *err, size_t errsz);

#undef xmlFree
#define xmlFree (*xml_dl.xfree)
#define xmlFreeDoc xml_dl.FreeDoc
#define xmlGetProp xml_dl.GetProp
#define xmlNodeGetContent xml_dl.NodeGetContent
#define xmlGetLineNo xml_dl.GetLineNo
#define xmlFreeParserCtxt xml_dl.FreeParserCtxt
#define xmlDocGetRootElement xml_dl.DocGetRootElement
#define xmlNodeDump xml_dl.NodeDump
#define xmlNewParserCtxt xml_dl.NewParserCtxt
#define xmlCtxtReadMemory xml_dl.CtxtReadMemory
#define xmlCtxtGetLastError xml_dl.CtxtGetLastError
#define xmlBufferLength xml_dl.BufferLength
#define xmlBufferFree xml_dl.BufferFree
#define xmlBufferCreate xml_dl.BufferCreate
#define xmlBufferContent xml_dl.BufferContent
#define htmlReadMemory xml_dl.ReadHtml

#endif
