// Package incontact is Tandem's driver for NICE inContact (CXone) through the
// Agent API: a password-grant token, an agent session started with the
// station phone number (or joined), a single get-next-event long poll that
// always uses the newest session ID, and REST commands.
//
// The seed document (shared/seeds/004) defines only the events; auth,
// session calls and commands come from the public Agent API
// (shared/vendor-notes/public-apis.md Part 1). Every path and verb lives in
// api.go so a disputed choice is made in one place.
//
// Decisions on the document's defects (vendor-notes/004-incontact.md §7):
//   - values may be strings or bare JSON ("True", "true", "", 5): flex types;
//   - IsAcw and IsACW (#21), StartTime and StartTimeUTC (#28), Text and
//     Message (#29) are all read; keys match case-insensitively;
//   - Skill holds an ID in every example but "the name" in the table (#27):
//     an ID is shown by the agent's skill name, anything else as is;
//   - ScreenPopUrlVariables is a list of one-key objects (#44) and
//     WorkItemPayload JSON inside a string (#43): both become contact data;
//   - the invalid example blocks (#1-#4) are refused by the decoder, which
//     logs and skips any event it cannot read;
//   - AgentError, Indicator, ChatText, TakeOver, Supervisor*, custom and
//     unknown events are logged, not shown;
//   - "409 Session Ended" ends the session like AgentSessionEnd (§8.1).
package incontact
