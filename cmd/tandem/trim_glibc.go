//go:build linux && cgo

package main

/*
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
static void tandem_malloc_trim(void) { malloc_trim(0); }
#else
static void tandem_malloc_trim(void) {}
#endif
*/
import "C"

// trimCHeap hands the C heap's free pages back to the OS. glibc gives
// back only the top of its heap on free; the pages in the middle that
// the GL driver's per-text textures and the desk's burst left free stay
// resident (29 MB after 500 contacts) until malloc_trim releases them.
func trimCHeap() { C.tandem_malloc_trim() }
