// Package widgets holds Tandem's reusable Fyne widgets: the agent state
// control, contact cards with their screen pop and call controls, the
// transfer and wrap-up dialogs, the connection banner and the queue board.
// They know the vendor-neutral model (vendors, app/agent) but not the
// windows that use them: every action leaves through a callback.
package widgets
