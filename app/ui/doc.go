// Package ui is Tandem's Fyne front end: the login window, the desk, the
// settings and history windows and the system tray. It takes its fyne.App
// from the caller, so tests run it on fyne's test driver without cgo or a
// display; cmd/tandem passes the real app.
package ui
