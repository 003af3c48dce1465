// Package mitel is Tandem's driver for the Mitel Connect (ShoreTel) Contact
// Center event feed: JSON messages, each ended by one NUL byte, over a plain
// TCP connection (default port 31456).
//
// The feed authenticates an application (user + MD5 of its password), then
// streams what it subscribed to. This driver subscribes to the agent
// activity of its own agent, the wildcard call activity of the whole
// contact center (the only form the platform offers), the release-code,
// wrap-up-code and group entity snapshots, and the daily agent statistics
// of its agent (the only place the numeric state code appears, used to
// resync after a reconnect). Calls of other agents are recognised from the
// raw bytes and skipped without a JSON decode.
//
// Decisions on the document's defects follow
// shared/vendor-notes/000-mitel.md §8; each is cited where it matters.
package mitel
