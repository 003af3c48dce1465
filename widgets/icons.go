package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"tandem/vendors"
)

// Hand-drawn 24×24 SVG glyphs the stock theme lacks; themed so they follow
// light and dark mode.
var (
	phoneSVG  = []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#000000" d="M6.6 10.8c1.4 2.8 3.8 5.1 6.6 6.6l2.2-2.2c.3-.3.7-.4 1-.2 1.1.4 2.3.6 3.6.6.6 0 1 .4 1 1V20c0 .6-.4 1-1 1C10.6 21 3 13.4 3 4c0-.6.4-1 1-1h3.5c.6 0 1 .4 1 1 0 1.3.2 2.5.6 3.6.1.3 0 .7-.2 1z"/></svg>`)
	hangupSVG = []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#000000" d="M12 9c-1.6 0-3.2.3-4.6.7v3.1c0 .4-.2.7-.6.9-1 .5-1.9 1.1-2.6 1.8-.2.2-.4.3-.7.3-.3 0-.5-.1-.7-.3L.3 13c-.2-.2-.3-.4-.3-.7 0-.3.1-.5.3-.7C3.3 8.8 7.5 7 12 7s8.7 1.8 11.7 4.6c.2.2.3.4.3.7 0 .3-.1.5-.3.7l-2.5 2.5c-.2.2-.4.3-.7.3-.3 0-.5-.1-.7-.3-.8-.7-1.7-1.3-2.6-1.8-.3-.2-.6-.5-.6-.9V9.7C15.2 9.3 13.6 9 12 9z"/></svg>`)
	chatSVG   = []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#000000" d="M4 3h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-5 4V5a2 2 0 0 1 1-2zm3 6v2h2V9zm4 0v2h2V9zm4 0v2h2V9z"/></svg>`)
	holdSVG   = []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#000000" d="M7 4h4v16H7zm6 0h4v16h-4z"/></svg>`)
	xferSVG   = []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#000000" d="M4 7h11V3l6 6-6 6v-4H4zm16 10H9v4l-6-6 6-6v4h11z" transform="scale(1 1)"/></svg>`)
	confSVG   = []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#000000" d="M8 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm8 0a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM8 13c-2.7 0-8 1.3-8 4v2h16v-2c0-2.7-5.3-4-8-4zm8 0c-.3 0-.7 0-1.1.1 1.2.9 2.1 2.1 2.1 3.9v2h7v-2c0-2.7-5.3-4-8-4z"/></svg>`)
	readySVG  = []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#000000" d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm-2 15-5-5 1.4-1.4 3.6 3.6 7.6-7.6L19 8z"/></svg>`)
)

var (
	// IconPhone is a handset (voice contacts, answer).
	IconPhone = theme.NewThemedResource(fyne.NewStaticResource("phone.svg", phoneSVG))
	// IconHangup is a handset put down.
	IconHangup = theme.NewThemedResource(fyne.NewStaticResource("hangup.svg", hangupSVG))
	// IconChat is a speech bubble.
	IconChat = theme.NewThemedResource(fyne.NewStaticResource("chat.svg", chatSVG))
	// IconHold is the pause bars of hold.
	IconHold = theme.NewThemedResource(fyne.NewStaticResource("hold.svg", holdSVG))
	// IconTransfer is two opposite arrows.
	IconTransfer = theme.NewThemedResource(fyne.NewStaticResource("transfer.svg", xferSVG))
	// IconConference is two people.
	IconConference = theme.NewThemedResource(fyne.NewStaticResource("conference.svg", confSVG))
	// IconReady is a tick in a circle.
	IconReady = theme.NewThemedResource(fyne.NewStaticResource("ready.svg", readySVG))
)

// ChannelIcon is the icon of a contact's channel.
func ChannelIcon(ch vendors.Channel) fyne.Resource {
	switch ch {
	case vendors.ChannelChat:
		return IconChat
	case vendors.ChannelEmail:
		return theme.MailComposeIcon()
	case vendors.ChannelCallback:
		return theme.HistoryIcon()
	case vendors.ChannelWorkItem:
		return theme.DocumentIcon()
	}
	return IconPhone
}
