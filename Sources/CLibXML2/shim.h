#ifndef SFRECONCILE_CLIBXML2_SHIM_H
#define SFRECONCILE_CLIBXML2_SHIM_H
/* libxml2's SAX2 interface: the XML parser under Foundation's XMLParser, used directly. */
#include <libxml/xmlversion.h>
/*
 * Debian's libxml2 is built with ICU, and libxml/encoding.h then includes the system's ICU
 * headers, which clash with the ICU module Swift's Foundation brings. Those headers only add
 * fields to xmlCharEncodingHandler, a struct Swift code here never touches (it reads no
 * libxml2 struct but xmlError), so they are left out.
 */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

static const unsigned int SF_XML_SAX2_MAGIC = XML_SAX2_MAGIC;
#endif
