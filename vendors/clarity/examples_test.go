// The document's examples, copied from shared/vendor-notes/002-clarity-samples.md:
// verbatim (curly quotes, trailing commas and all) and as normalized there.

package clarity

// Document examples: seeds for the fuzz targets and inputs of the decode tests.
var (
	// S01 verbatim
	jwtS01 = `eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJjb25uZWN0X2FnZW50X2lkIjoiNSIsImlzcyI6Imh0dHBzOi8vNDAuY2NkZXYyMDE1LmludGVybmFsL3dlYmF1dGgvdG9rZW4iLCJhdWQiOiIwNDQ0QzM5Mi0zODQ1LTRBQzAtQjFBMC1ENjM3MDYxODBCQTkiLCJleHAiOjE0NzI4NDIyNzgsIm5iZiI6MTQ3Mjg0MTk3OH0.YiLosagjS-002SWXX7ZzeEhvW6zDpJFb3qx-qrtTxIM`
	// S04 verbatim
	challengeS04 = `https://41.ccdev2015.internal/webauth/token,grant_type="urn:connect.auth:windows"`
	// S06 verbatim
	tokenS06 = `{
"access_token": "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJjb25uZWN0X2FnZW50X2lkIjoiMTUiLCJpc3MiOiJodHRwczovLzQxLmNjZGV2MjAxNS5pbnRlcm5hbC93ZWJhdXRoL3Rva2VuIiwiYXVkIjoiQTA4NTcwQjQtNEFBMS00NjBELUExNTAtOTA0NDU5OTU1QkU0IiwiZXhwIjoxNDcyODgyMTc4LCJuYmYiOjE0NzI4NDYxNzh9.ktC8DGR1B38xSh8dDfasLXE0Quz_HoTFsqLiOs1090U",
"token_type": "bearer",
"expires_in": 35999
}`
	// S07 verbatim
	tokenS07 = `{
"error":"invalid_clientId",
"error_description":"client_id is not valid"
}`
	// S09 verbatim
	infoS09 = `{
"connectVersion": "4.0.1.0",
"apiVersions": [
{
"version": "1.0",
"relativeUrl": "/v1.0"
},
{
"version": "2",
"relativeUrl": "/v2"
}
],
"signalRTransports": [
"webSockets",
"serverSentEvents",
"longPolling"
]
}`
	// S11 verbatim
	profileS11 = `{
"type": "agent",
"id": 15,
"teamId": 1,
"name": "Peter Miller",
"emailAddress": "pmiller@ccdev2015.com",
"localeKey": "en-us",
"enabledModalities": [
"audio",
"instantMessage",
"message"
],
"isDirectProxyEnabled": false,
"isFederatedDeployment": false,
"canMarkSelfAsSuspended": true,
"useSilverlightAgentConsole": false,
"hideRecordButton": false,
"attendantSipUri": "sip:Connect.41.Attendant@ccdev2015.internal",
"domain": "ccdev2015.internal",
"hideRecordingButton": false,
"discoveryXFrameUrlOverride": "",
"discoveryUserUrlOverride": "false",
"agentGRUU": "1234-ABCD-5678-EFGH"
"proxyDirectCalls": "false",
"hiddenQueues": {
"items": [
{
"queueId": "-1",
"queueName": "Direct Inbound"
},
…
],
"count": "2"
},
}`
	// S11 normalized
	profileS11Norm = `{
"type": "agent",
"id": 15,
"teamId": 1,
"name": "Peter Miller",
"emailAddress": "pmiller@ccdev2015.com",
"localeKey": "en-us",
"enabledModalities": [
"audio",
"instantMessage",
"message"
],
"isDirectProxyEnabled": false,
"isFederatedDeployment": false,
"canMarkSelfAsSuspended": true,
"useSilverlightAgentConsole": false,
"hideRecordButton": false,
"attendantSipUri": "sip:Connect.41.Attendant@ccdev2015.internal",
"domain": "ccdev2015.internal",
"hideRecordingButton": false,
"discoveryXFrameUrlOverride": "",
"discoveryUserUrlOverride": "false",
"agentGRUU": "1234-ABCD-5678-EFGH",
"proxyDirectCalls": "false",
"hiddenQueues": {
"items": [
{
"queueId": "-1",
"queueName": "Direct Inbound"
}
],
"count": "2"
}
}`
	// S18 verbatim
	sessionsS18 = `{
"items": [
{
"queueName": "Jonah Queue",
"agentName": "Jonah",
"customerPhone": "sip:dg@claritycon.com",
"modality": "InstantMessage",
"sessionId": 66033,
"sessionType": "Queued",
"queueId": 3,
"customerName": "DG",
"agentId": 16,
"isRecording": true,
"canBeRecorded": true,
"isSilentJoined": false,
"isWhisperJoined": false,
"sessionStatus": "Active",
"queuedMs": 0,
"activeMs": 0,
"canBeSilentJoined": true,
"canBeWhisperJoined": true,
"modalityId": 1,
"isOnHold": false,
"recordingStartTime": "2016-08-31T17:41:16.967Z",
"answeredTimeStamp": "2016-08-31T17:40:45.9Z",
"sessionHasEnded": false,
"startTimeStamp": "2016-08-31T17:40:38.51Z",
"callFlowName": "Intro Call Flow"
},
{
"queueName": "Dan Queue",
"agentName": "Jonah",
"customerPhone": "sip:dq@claritycon.com",
"modality": "InstantMessage",
"sessionId": 66045,
"sessionType": "Queued",
"queueId": 2,
"customerName": "Jonah Ruffer",
"agentId": 16,
"isRecording": true,
"canBeRecorded": true,
"isSilentJoined": false,
"isWhisperJoined": false,
"sessionStatus": "After Call",
"queuedMs": 0,
"activeMs": 0,
"canBeSilentJoined": true,
"canBeWhisperJoined": true,
"modalityId": 1,
"isOnHold": false,
"recordingStartTime": "2016-08-31T17:41:16.967Z",
"answeredTimeStamp": "2016-08-31T17:40:45.9Z",
"sessionHasEnded": false,
"startTimeStamp": "2016-08-31T17:40:38.51Z",
"callFlowName": "Intro Call Flow"
}
],
"count": 2
}`
	// S22 verbatim
	sessionS22 = `{
"customerHistory": {
"items": [
{
"agentId": 16,
"agentName": "Jonah",
"callFlowId": 1,
"callFlowName": "Starter Quick Ivr",
"customerId": "Jonah Ruffer",
"customerName": "Jonah Ruffer",
"customerPhone": "sip:jruffer@claritycon.com",
"modality": "InstantMessage",
"modalityId": 1,
"sessionId": 78580,
"sessionType": "Queued",
"queueId": 3,
"queueName": "Jonah Queue",
"startTimeStamp": "2016-12-20T21:59:26.107Z"
}
],
"count": 1
},
"aftercallOptions": {
"isManualAfterCallEnabled": true,
"afterCalltimeSeconds": 10,
"id": 0
},
"holdTimerThreshold": 10,
"imPrompts": {
"items": [
{
"promptName": "CustomerName",
"promptValue": "Welcome Jonah Ruffer to the Call Center!",
"type": "imPrompt",
"id": 8
}
],
"count": 1
},
"ivrData": {
"items": [
{
"callFlowName": "Starter Quick Ivr",
"ivrNodes": {
"items": [
{
"nodeName": "Jonah Empty Queue",
"nodeNote": "Set Queue to Jonah Queue.",
"duration": 0,
"type": "ivrNode",
"id": 80033
}
],
"count": 1
},
"type": "ivrData",
"id": 78301
}
],
"count": 1
},
"callDispositions": {
"items": [
{
"dispositionId": 4,
"disposition": "Accounts",
"businessUnitId": 1,
"subDispositions": {
"items": [
{
"subDispositionId": 8,
"subDisposition": "Pasword Change",
"id": 8
}
],
"count": 1
},
"type": "callDisposition",
"id": 4
}
],
"count": 1
},
"transcript": {
"items": [],
"count": 0
},
"extraItems": {
"items": [
{
"extraItemId": -1,
"key": "CallerPhoneNumber",
"value": "13128633465;EXT=3465",
"type": "extraItem",
"id": 137957,
"isSearchable": false
},
{
"extraItemId": -1,
"key": "IsCallAfterHours",
"value": "False",
"type": "extraItem",
"id": 137958,
"isSearchable": false
},
],
"count": 2
},
"sessionEventHistory": {
"items": [
{
"eventText": "Session created.",
"lastUpdated": "2016-12-19T19:06:03.817Z",
"updatedBy": "APP-01",
"id": 186068
},
{
"eventText": "Session status changed to New.",
"lastUpdated": "2016-12-19T19:06:03.833Z",
"updatedBy": "APP-01",
"id": 186069
},
{
"eventText": "Session entered attendant (IVR).",
"lastUpdated": "2016-12-19T19:06:05.31Z",
"updatedBy": "APP-01",
"id": 186070
},
{
"eventText": "Session has been assigned to queue: Jonah Queue",
"lastUpdated": "2016-12-19T19:06:15.013Z",
"updatedBy": "APP-01",
"id": 186071
},
{
"eventText": "Session status changed to Queued.",
"lastUpdated": "2016-12-19T19:06:15.113Z",
"updatedBy": "APP-01",
"id": 186072
},
{
"eventText": "No agents immediately available, queueing.",
"lastUpdated": "2016-12-19T19:06:15.243Z",
"updatedBy": "APP-02",
"id": 186073
},
{
"eventText": "Customer hung up.",
"lastUpdated": "2016-12-19T19:06:24.883Z",
"updatedBy": "APP-01",
"id": 186074
},
{
"eventText": "Session status changed to Abandoned.",
"lastUpdated": "2016-12-19T19:06:25.243Z",
"updatedBy": "APP-01",
"id": 186075
},
{
"eventText": "Session terminating.",
"lastUpdated": "2016-12-19T19:06:25.743Z",
"updatedBy": "APP-01",
"id": 186076
}
],
"count": 9
},
"sessionMessages": {
"items": [],
"count": 0
},
"activeMs": 0,
"canBeRecorded": true,
"canBeSilentJoined": true,
"canBeWhisperJoined": true,
"isOnHold": true,
"holdStartTime": "2016-12-19T19:06:15.257Z",
"isRecording": false,
"isSilentJoined": false,
"isWhisperJoined": false,
"queuedMs": 0,
"sessionHasEnded": true,
"sessionStatus": "Abandoned",
"agents": {
"items": [],
"count": 0
},
"offers": {
"items": [],
"count": 0
},
"agentName": "Unknown",
"callFlowId": 1,
"callFlowName": "Starter Quick Ivr",
"customerId": "Jonah Ruffer",
"customerName": "Jonah Ruffer",
"customerPhone": "sip:jruffer@claritycon.com",
"modality": "Audio",
"modalityId": 2,
"sessionId": 78520,
"sessionType": "Queued",
"queueId": 3,
"queueName": "Jonah Queue",
"startTimeStamp": "2016-12-19T19:06:03.803Z"
}`
	// S22 normalized
	sessionS22Norm = `{
"customerHistory": {
"items": [
{
"agentId": 16,
"agentName": "Jonah",
"callFlowId": 1,
"callFlowName": "Starter Quick Ivr",
"customerId": "Jonah Ruffer",
"customerName": "Jonah Ruffer",
"customerPhone": "sip:jruffer@claritycon.com",
"modality": "InstantMessage",
"modalityId": 1,
"sessionId": 78580,
"sessionType": "Queued",
"queueId": 3,
"queueName": "Jonah Queue",
"startTimeStamp": "2016-12-20T21:59:26.107Z"
}
],
"count": 1
},
"aftercallOptions": {
"isManualAfterCallEnabled": true,
"afterCalltimeSeconds": 10,
"id": 0
},
"holdTimerThreshold": 10,
"imPrompts": {
"items": [
{
"promptName": "CustomerName",
"promptValue": "Welcome Jonah Ruffer to the Call Center!",
"type": "imPrompt",
"id": 8
}
],
"count": 1
},
"ivrData": {
"items": [
{
"callFlowName": "Starter Quick Ivr",
"ivrNodes": {
"items": [
{
"nodeName": "Jonah Empty Queue",
"nodeNote": "Set Queue to Jonah Queue.",
"duration": 0,
"type": "ivrNode",
"id": 80033
}
],
"count": 1
},
"type": "ivrData",
"id": 78301
}
],
"count": 1
},
"callDispositions": {
"items": [
{
"dispositionId": 4,
"disposition": "Accounts",
"businessUnitId": 1,
"subDispositions": {
"items": [
{
"subDispositionId": 8,
"subDisposition": "Pasword Change",
"id": 8
}
],
"count": 1
},
"type": "callDisposition",
"id": 4
}
],
"count": 1
},
"transcript": {
"items": [],
"count": 0
},
"extraItems": {
"items": [
{
"extraItemId": -1,
"key": "CallerPhoneNumber",
"value": "13128633465;EXT=3465",
"type": "extraItem",
"id": 137957,
"isSearchable": false
},
{
"extraItemId": -1,
"key": "IsCallAfterHours",
"value": "False",
"type": "extraItem",
"id": 137958,
"isSearchable": false
}
],
"count": 2
},
"sessionEventHistory": {
"items": [
{
"eventText": "Session created.",
"lastUpdated": "2016-12-19T19:06:03.817Z",
"updatedBy": "APP-01",
"id": 186068
},
{
"eventText": "Session status changed to New.",
"lastUpdated": "2016-12-19T19:06:03.833Z",
"updatedBy": "APP-01",
"id": 186069
},
{
"eventText": "Session entered attendant (IVR).",
"lastUpdated": "2016-12-19T19:06:05.31Z",
"updatedBy": "APP-01",
"id": 186070
},
{
"eventText": "Session has been assigned to queue: Jonah Queue",
"lastUpdated": "2016-12-19T19:06:15.013Z",
"updatedBy": "APP-01",
"id": 186071
},
{
"eventText": "Session status changed to Queued.",
"lastUpdated": "2016-12-19T19:06:15.113Z",
"updatedBy": "APP-01",
"id": 186072
},
{
"eventText": "No agents immediately available, queueing.",
"lastUpdated": "2016-12-19T19:06:15.243Z",
"updatedBy": "APP-02",
"id": 186073
},
{
"eventText": "Customer hung up.",
"lastUpdated": "2016-12-19T19:06:24.883Z",
"updatedBy": "APP-01",
"id": 186074
},
{
"eventText": "Session status changed to Abandoned.",
"lastUpdated": "2016-12-19T19:06:25.243Z",
"updatedBy": "APP-01",
"id": 186075
},
{
"eventText": "Session terminating.",
"lastUpdated": "2016-12-19T19:06:25.743Z",
"updatedBy": "APP-01",
"id": 186076
}
],
"count": 9
},
"sessionMessages": {
"items": [],
"count": 0
},
"activeMs": 0,
"canBeRecorded": true,
"canBeSilentJoined": true,
"canBeWhisperJoined": true,
"isOnHold": true,
"holdStartTime": "2016-12-19T19:06:15.257Z",
"isRecording": false,
"isSilentJoined": false,
"isWhisperJoined": false,
"queuedMs": 0,
"sessionHasEnded": true,
"sessionStatus": "Abandoned",
"agents": {
"items": [],
"count": 0
},
"offers": {
"items": [],
"count": 0
},
"agentName": "Unknown",
"callFlowId": 1,
"callFlowName": "Starter Quick Ivr",
"customerId": "Jonah Ruffer",
"customerName": "Jonah Ruffer",
"customerPhone": "sip:jruffer@claritycon.com",
"modality": "Audio",
"modalityId": 2,
"sessionId": 78520,
"sessionType": "Queued",
"queueId": 3,
"queueName": "Jonah Queue",
"startTimeStamp": "2016-12-19T19:06:03.803Z"
}`
	// S26 verbatim
	historyS26 = `{
"items": [
{
"agentId": 41,
"agentName": "Rob T.",
"customerId": "Captain Jean-Luc Picard",
"customerName": "Captain Jean-Luc Picard",
"customerPhone": "sip:picard@ccdev2015.internal",
"modality": "Audio",
"modalityId": 2,
"sessionId": 71736,
"sessionType": "Queued",
"queueId": 5,
"queueName": "robsQ",
"startTimeStamp": "2016-09-06T14:56:06.95Z"
},
{
"agentId": 41,
"agentName": "Rob T.",
"customerId": "Captain Jean-Luc Picard",
"customerName": "Captain Jean-Luc Picard",
"customerPhone": "sip:picard@ccdev2015.internal",
"modality": "Audio",
"modalityId": 2,
"sessionId": 71738,
"sessionType": "Queued",
"queueId": 5,
"queueName": "robsQ",
"startTimeStamp": "2016-09-06T15:02:08.643Z"
}
],
"count": 2
}`
	// S35 verbatim
	statusS35 = `{
"type": "agent",
"id": 15,
"name": "Peter Miller",
"currentStatus": {
"agentStatus": "unavailable",
"agentStatusId": 3,
"reasonCodeName": "In A Meeting",
"reasonCodeId": 1,
"startTime": "2016-10-14T13:59:54.993Z",
"isSuspended": false
}
}`
	// S36 verbatim
	statusS36 = `{
"type": "agent",
"id": 15,
"currentStatus": {
"agentStatus": "unknown",
"agentStatusId": 4,
}
}`
	// S36 normalized
	statusS36Norm = `{
"type": "agent",
"id": 15,
"currentStatus": {
"agentStatus": "unknown",
"agentStatusId": 4
}
}`
	// S41 verbatim
	statusListS41 = `{
items: [
{
“agentStatus”: “Available”,
“agentStatusId”: 1
},
{
“agentStatus”: “Unavailable”,
“agentStatusId”: 3,
},
{
“agentStatus”: “Unavailable”,
“agentStatusId”: 3,
“reasonCodeName”: “On Break”,
“reasonCodeId”: “1”
},
{
“agentStatus”: “Unavailable”,
“agentStatusId”: 3,
“reasonCodeName”: “At Lunch”,
“reasonCodeId”: “2”
},
…
],
count: 10
}`
	// S41 normalized
	statusListS41Norm = `{
"items": [
{
"agentStatus": "Available",
"agentStatusId": 1
},
{
"agentStatus": "Unavailable",
"agentStatusId": 3
},
{
"agentStatus": "Unavailable",
"agentStatusId": 3,
"reasonCodeName": "On Break",
"reasonCodeId": "1"
},
{
"agentStatus": "Unavailable",
"agentStatusId": 3,
"reasonCodeName": "At Lunch",
"reasonCodeId": "2"
}
],
"count": 10
}`
)
