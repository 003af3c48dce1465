package incontact

// seedFixtures are the seed's 22 example events, repaired only where the
// samples note (vendor-notes/004-incontact-samples.md) says so.
var seedFixtures = map[string]string{
	"agent-session-start": `{
    "Type": "AgentSessionStart",
    "BusNo": "4500",
    "AgentId": "12214",
    "SessionId": "58070815",
    "StationPhoneNumber": "8013203420",
    "StationCallerId": "8013203200",
    "DialerCampaign": "",
    "DialerCampaignStartTime": "2013-09-10T19:16:33.000Z",
    "SupervisorPermissionLevel": "4",
    "CanMask": "True",
    "AgentSchedulePermission": "True",
    "ScoreRecordingsPermission": "True",
    "HideAgentStatePermission": "",
    "CanMultiPartyConference": "True"
}`,
	"agent-session-end": `{
    "Type": "AgentSessionEnd",
    "Success": "True",
    "Message": ""
}`,
	"remote-agent-session-end": `{
    "Type": "RemoteAgentSessionEnd",
    "Message": "RemoteLogoff"
}`,
	"agent-state-unavailable": `{
    "Type": "AgentState",
    "CurrentState": "Unavailable",
    "CurrentOutReason": "",
    "NextStates": [
        {
            "State": "Unavailable",
            "OutReason": ""
        }
    ],
    "StartTimeUTC": "2013-09-10T20:05:37.000Z",
    "IsAcw": "False",
    "AcwTimeout": "0"
}`,
	"agent-leg-dialing": `{
    "Type": "AgentLeg",
    "AgentLegId": "2200339882",
    "Status": "Dialing",
    "FinalState": "False"
}`,
	"agent-leg-active": `{
    "Type": "AgentLeg",
    "AgentLegId": "2200339884",
    "Status": "Active",
    "FinalState": "False"
}`,
	"agent-leg-disconnected": `{
    "Type": "AgentLeg",
    "AgentLegId": "2200339882",
    "Status": "Disconnected",
    "FinalState": "True"
}`,
	"agent-error-badnumber": `{
    "Type": "AgentError",
    "Command": "ReadyAgentLeg",
    "ResultCode": "BadNumber",
    "ContactID": "-1",
    "Target": "AgentLeg",
    "ErrorLevel": "Medium"
}`,
	"natural-calling-skill-list-empty": `{
    "Type": "NaturalCallingSkillList",
    "Empty": "True"
}`,
	"call-contact-outbound-dialing": `{
    "Type": "CallContactEvent",
    "ContactID": "1569815",
    "Status": "Dialing",
    "OriginalState": "False",
    "CallType": "Regular",
    "DNIS": "4000010001",
    "ANI": "8013203200",
    "Skill": "1507",
    "IsInbound": "False",
    "StartTimeUTC": "2013-09-11T05:03:24.000Z",
    "LastStateChangeTimeUTC": "2013-09-11T05:03:24.000Z",
    "ScreenPopUrl": "",
    "DisconnectCode": "NA",
    "IsLogging": "False",
    "Timeout": "",
    "AllowDispositions": "True",
    "Label": "",
    "IsLinked": "False",
    "TimeZones": "",
    "FinalState": "False",
    "OtherInformation": "",
    "BlendingToSkillName": ""
}`,
	"workitem-contact-incoming": `    {
        "Type": "WorkItemContactEvent",
        "ContactID": "1569819",
        "Status": "Incoming",
        "WorkItemId": "3920",
        "WorkItemPayload": 
            "{\"queries\":[{\"query\":\"SELECT ID FROM case WHERE Priority='Low'\"}]}",
        "WorkItemType": "Testing",
        "AgentId": "1218",
        "SkillId": "1528",
        "StartTimeUTC": "2013-09-11T05:15:44.000Z",
        "LastStateChangeTimeUTC": "2013-09-11T05:15:44.000Z",
        "ScreenPopUrl": "http://www.microsoft.com?variable2=Jose&variable3=90",
        "ScreenPopUrlVariables": [
			{
				"variable2": "Jose"
			},
			{
				"variable3": "90"
			}
        ],
        "RefusalTimeout": "45",
        "FinalState": "False"
    }`,
	"indicator-on": `{
    "Type": "Indicator",
    "Name": "IndTest",
    "ImageUri": "https://www.example.com/images/computer.png",
    "ActionType": "OpenURL",
    "ActionUri": "http://www.incontact.com/",
    "ToolTip": "test123",
    "IndicatorState": "On"
}`,
	"page-open": `{
    "Type": "PageOpen",
    "ContactID": "1569819",
    "Action": "OPEN",
    "PageUri": "http://eng-ngpcl07/WebScripting/Default.aspx?id=1218&__ContactID=1569819&__bus_no=199&__type=OPEN"
}`,
	"chat-contact-incoming": `{
    "Type": "ChatContactEvent",
    "ContactID": "1569822",
    "RoomId": "2",
    "Status": "Incoming",
    "Skill": "1509",
    "StartTime": "2013-09-11T05:30:39.000Z",
    "LastStateChangeTime": "2013-09-11T05:30:39.000Z",
    "ScreenPopUrl": "",
    "RefusalTimeout": "45",
    "IsActive": "True",
    "Messages": [
    {
        "Text": "asdf",
        "TimeStamp": "2013-09-11T05:30:40.750Z",
        "PartyType": "Client"
    }
    ],
    "FinalState": "False"
}`,
	"chat-text-agent": `{
    "Type": "ChatText",
    "RoomId": "2",
    "Label": "CustomAgentLabel",
    "Message": "Test",
    "PartyType": "Agent",
    "TimeStamp": "2013-09-11T05:32:10.000Z"
}`,
	"chat-text-client": `{
    "Type": "ChatText",
    "RoomId": "2",
    "Label": "CustomCallerLabel",
    "Message": "Test Test Test",
    "PartyType": "Client",
    "TimeStamp": "2013-09-11T05:32:36.000Z"
}`,
	"chat-text-system": `{
    "Type": "ChatText",
    "RoomId": "2",
    "Label": "SystemSaysHello",
    "Message": "$Localized:ChatSessionEnded",
    "PartyType": "System",
    "TimeStamp": "2013-09-11T05:33:09.000Z"
}`,
	"takeover": `{
    "Type": "TakeOver",
    "ContactID": "TargetContactID",
    "TakeOverDate": "2013-09-11T07:23:26.632Z"
}`,
	"supervisor-contact": `{
    "Type": "SupervisorContact",
    "ContactID": "6550071587",
    "Status": "Active",
    "OriginalState": "False",
    "CallType": "Regular",
    "DNIS": "9991638000",
    "ANI": "+748596215382",
    "Skill": "50883",
    "IsInbound": "False",
    "StartTimeUTC": "2013-09-11T07:32:03.000Z",
    "LastStateChangeTimeUTC": "2013-09-11T07:32:04.000Z",
    "ScreenPopUrl": "",
    "DisconnectCode": "NA",
    "IsLogging": "False",
    "Timeout": "",
    "AllowDispositions": "False",
    "Label": "",
    "IsLinked": "False",
    "TimeZones": "",
    "FinalState": "False",
    "OtherInformation": ""
}`,
	"supervisor-monitor": `{
    "Type": "SupervisorMonitor",
    "MonitorStartTime": "2013-09-11T07:32:10.000Z",
    "TargetAgentId": "9011",
    "FinalState": "False"
}`,
	"call-contact-takeover-active": `{
    "Type": "CallContactEvent",
    "ContactID": "6550071591",
    "Status": "Active",
    "OriginalState": "False",
    "CallType": "TakeOver",
    "DNIS": "9991638000",
    "ANI": "011748596215382",
    "Skill": "50883",
    "IsInbound": "True",
    "StartTimeUTC": "2013-09-11T07:33:57.000Z",
    "LastStateChangeTimeUTC": "2013-09-11T07:33:57.000Z",
    "ScreenPopUrl": "",
    "DisconnectCode": "NA",
    "IsLogging": "False",
    "Timeout": "",
    "AllowDispositions": "True",
    "Label": "",
    "IsLinked": "False",
    "TimeZones": "",
    "FinalState": "False",
    "OtherInformation": "",
    "BlendingToSkillName": ""
}`,
	"hours-of-operation": `{
    "Type": "HoursOfOperation",
    "ShowContinueReskill": "True"
}`,
}

// seedMalformed are the seed's four invalid example blocks, verbatim
// (note §7.A): decoders must refuse them without panicking.
var seedMalformed = []string{
	`{
    "Type": "AgentLeg",
    "AgentLegId": "2200339882",
    "Status": "Dialing",
    "FinalState": "False"
},
{
    "Type": "AgentLeg",
    "AgentLegId": "2200339884",
    "Status": "Active",
    "FinalState": "False"
},
{
    "Type": "AgentLeg",
    "AgentLegId": "2200339882",
    "Status": "Disconnected",
    "FinalState": "True"
}`,
	`    {
        "Type": "WorkItemContactEvent",
        "ContactID": "1569819",
        "Status": "Incoming",
        "WorkItemId": "3920",
        "WorkItemPayload": 
            "{\"queries\":[{\"query\":\"SELECT ID FROM case WHERE Priority='Low'\"}]}",
        "WorkItemType": "Testing",
        "AgentId": "1218",
        "SkillId": "1528",
        "StartTimeUTC": "2013-09-11T05:15:44.000Z",
        "LastStateChangeTimeUTC": "2013-09-11T05:15:44.000Z",
        "ScreenPopUrl": "http://www.microsoft.com?variable2=Jose&variable3=90",
        "ScreenPopUrlVariables": [
			{
				"variable2": "Jose"
			},
			{
				"variable3": "90"
			}
        ],
        "RefusalTimeout": "45"
        "FinalState": "False"
    }`,
	`{
    "Type": "ChatText",
    "RoomId": "2",
    "Label": "CustomAgentLabel",
    "Message": "Test",
    "PartyType": "Agent",
    "TimeStamp": "2013-09-11T05:32:10.000Z"
{
}
    "Type": "ChatText",
    "RoomId": "2",
    "Label": "CustomCallerLabel",
    "Message": "Test Test Test",
    "PartyType": "Client",
    "TimeStamp": "2013-09-11T05:32:36.000Z"
{
}
    "Type": "ChatText",
    "RoomId": "2",
    "Label": "SystemSaysHello",
    "Message": "$Localized:ChatSessionEnded",
    "PartyType": "System",
    "TimeStamp": "2013-09-11T05:33:09.000Z"
}`,
	`{
    "Type": "SupervisorContact",
    "ContactID": "6550071587",
    "Status": "Active",
    "OriginalState": "False",
    "CallType": "Regular",
    "DNIS": "9991638000",
    "ANI": "+748596215382",
    "Skill": "50883",
    "IsInbound": "False",
    "StartTimeUTC": "2013-09-11T07:32:03.000Z",
    "LastStateChangeTimeUTC": "2013-09-11T07:32:04.000Z",
    "ScreenPopUrl": "",
    "DisconnectCode": "NA",
    "IsLogging": "False",
    "Timeout": "",
    "AllowDispositions": "False",
    "Label": "",
    "IsLinked": "False",
    "TimeZones": "",
    "FinalState": "False",
    "OtherInformation": ""
}
{
    "Type": "SupervisorMonitor",
    "MonitorStartTime": "2013-09-11T07:32:10.000Z",
    "TargetAgentId": "9011",
    "FinalState": "False"
}`,
}
