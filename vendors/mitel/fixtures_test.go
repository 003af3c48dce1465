package mitel

// Messages from the document (vendor-notes/000-mitel-samples.md), used as
// test input and fuzz seeds. Part C fixtures are the repaired forms; the
// others are printed forms the driver must survive.
var (
	docReleaseCodes = `{"version":1,"sequence":3,"timestamp":"2009-01-01 11:00:02","topic":"contact-center","message":"entity-snapshot","sub-topic":"entity","filter":"release-code","release-codes":[{"release-code-id":1,"release-code-short-name":"LUNCH","release-code-name":"Lunch break"}]}`
	// The snapshot keys as A27 prints them: leading spaces, a line break
	// (escaped, as JSON must carry it).
	docReleaseCodesSpaced = "{\"message\":\"entity-snapshot\",\"release-codes\":[{\"release-code-id\":\"2\",\" release-code-short-\\n  name\":\"BRK\",\" release-code-name\":\"Break\"}]}"
	docWrapupCodes        = `{"message":"entity-snapshot","filter":"wrapup-code","wrapup-codes":[{"wrapup-id":3,"wrapup-code":"SALE","wrapup-name":"Sale"}]}`
	docGroups             = `{"message":"entity-snapshot","filter":"group","groups":[{"group-id":2001,"group-name":"Sales","short-call-threshold":10}]}`
	docAgentIdle          = `{"version":1,"sequence":10,"timestamp":"2009-01-01 11:00:06","gmt":"2009-01-01 16:00:06","topic":"contact-center","message":"agent-idle","sub-topic":"","agent-id":1001,"cause":11}`
	docAgentIdleSpaced    = `{"version":1,"timestamp":"2009-01-01 11:00:06","topic":"contact-center","message": "agent- idle ","sub-topic": "","agent-id": "1001","cause": 11}`
	docAgentRelease       = `{"version":1,"sequence":11,"message":"agent-release","sub-topic":"","agent-id":1001,"cause":0,"release-code":1}`
	docAgentReserved      = `{"version":1,"sequence":11,"timestamp":"2009-01-01 11:00:07","gmt":"2009-01-01 16:00:07","topic":"contact-center","message":"agent-reserved","sub-topic":"","agent-id":1001,"cause":0,"groups":[{"type":1,"id":2001}],"guid":"{00000000-0000-0000-0000-000000000001}"}`
	docDelivered          = `{"version":1,"sequence":12,"timestamp":"2009-01-01 11:00:07","gmt":"2009-01-01 16:00:07","topic":"contact-center","message":"delivered","sub-topic":"","call-id":555,"pbx-call-id":777,"guid":"{00000000-0000-0000-0000-000000000001}","call-table":[{"media":1,"call-type":1,"dnis":"8005551000","group":{"type":1,"id":2001},"call-profile":[{"id":1,"value":"8005551000"},{"id":2,"value":"4085551212"},{"id":48,"value":"JOHN Q PUBLIC"},{"id":14,"value":"8"},{"id":5,"value":"C-77"}],"connections":[{"device":"5556778","state":4},{"device":"4085551212","state":5}]}],"acd-call":true,"cause":0,"alerting-device-id":1001,"alerting-device-type":3,"alerting-device":"5556778","calling-device-id":0,"calling-device-type":5,"calling-device":"4085551212","agent-chat-url":""}`
	docEstablished        = `{"version":1,"message":"established","call-id":"555","joining-device-id":1001,"joining-device-type":3,"joining-device":"5556778","calling-device":"4085551212"}`
	docHeld               = `{"version":1,"message":"held","call-id":555,"device-id":1001,"device-type":3,"device":"5556778"}`
	docRetrieved          = `{"version":1,"message":"retrieved","call-id":555,"device-id":1001,"device-type":3,"device":"5556778"}`
	docConnCleared        = `{"version":1,"message":"conn-cleared","call-id":555,"device-out-id":1001,"device-out-type":3,"device-out":"5556778"}`
	docCallCleared        = `{"version":1,"message":"call-cleared","call-id":555,"abandoned-call":false,"abandoned-dev-type":"5"}`
	docAgentWrap          = `{"version":1,"message":"agent-wrap","agent-id":1001,"cause":0,"media-type":1,"call-id":555,"tapi-call-id":777,"guid":"{x}","wrapup-code":""}`
	docWrapEnded          = `{"version":1,"message":"wrap-ended","call-id":555,"agent-id":1001,"wrapup-code-id":3,"wrapup-id-list":[3]}`
	docNoWrap             = `{"version":1,"message":"no-wrap","call-id":556,"agent-id":1001,"wrapup-code-id":0,"wrapup-id-list":3}`
	docOtherDelivered     = `{"version":1,"sequence":99,"message":"delivered","call-id":9001,"pbx-call-id":79001,"guid":"{g}","call-table":[{"media":1,"call-type":1,"dnis":"8005551000","group":{"type":1,"id":2001},"call-profile":[{"id":2,"value":"+4915512345"}],"connections":[{"device":"5550001","state":4}]}],"acd-call":true,"cause":0,"alerting-device-id":1009,"alerting-device-type":3,"alerting-device":"5550001","calling-device":"+4915512345"}`
	docDailyStats         = `{"version":1,"sequence":5,"timestamp":"2009-01-01 11:00:02","topic":"contact-center","message":"daily-agent-stats","sub-topic":"","agent-id":1001,"agent-name":"john doe","agent-number":"1001","agent-extension":"5556778","state":7,"state-start-time":"2009-01-01 10:58:00","release-code":"1"}`
	docAuthReply          = `{   "version":1,   "topic":"contact-center",   "request-id":1,   "result":0 }`
	docAuthFailure        = `{"version":1,"sequence":0,"topic":"contact-center","request-id":1,"message":"authenticate","result":-1,"error-msg":"authentication failed"}`
	docSubscribeReply     = `{   "version":1,   "timestamp":"2009-01-01 11:00:01",   "topic":"contact-center",   "message":"subscribe-events",   "request-id":3,   "result":0,   "subscriptions": [     ["ecc","entity", ["agent"] ]   ] }`
	docCommandReply       = `{"version":1,"sequence":13,"topic":"contact-center","message":"command","request-id":5,"command":"answer","result":0}`
	// B5 (L2915): objects without keys, not JSON.
	docInvalidSnapshot = `{   "version":1,   "timestamp":"2009-01-01 11:00:02",   "topic":"contact-center",   "message":"entity-snapshot",   "sub-topic":"entity",   "filter":"agent",   "agents":[ {"1001", "john doe"}, {"1002", "jane doe"}] }`
	// A57 as printed: placeholders and a comment.
	docTemplateEstablished = "{\n  \"version\":1,\n  \"sequence\":<sequence number between 0 and 4294967295>,\n  \"message\":\"established\",\n  \"call-id\":<ShoreTel Connect Contact Center call id>,\n  <CALL TABLE> //see the call table format above.\n  \"joining-device\":<joining-device DN>\"\n}"
)

// docMessages lists every document message above, for fuzz seeds.
var docMessages = []string{
	docReleaseCodes, docReleaseCodesSpaced, docWrapupCodes, docGroups, docAgentIdle,
	docAgentIdleSpaced, docAgentRelease, docAgentReserved, docDelivered, docEstablished,
	docHeld, docRetrieved, docConnCleared, docCallCleared, docAgentWrap, docWrapEnded,
	docNoWrap, docOtherDelivered, docDailyStats, docAuthReply, docAuthFailure,
	docSubscribeReply, docCommandReply, docInvalidSnapshot, docTemplateEstablished,
}
