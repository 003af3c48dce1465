//go:build !linux || !cgo

package main

// trimCHeap: nothing to do without glibc's malloc_trim.
func trimCHeap() {}
