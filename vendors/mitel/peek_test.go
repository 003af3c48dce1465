package mitel

import "testing"

func TestPeekValue(t *testing.T) {
	for _, tc := range []struct {
		name, msg, key string
		want           string
		ok             bool
	}{
		{"string", `{"message":"delivered"}`, `"message"`, "delivered", true},
		{"spaces and newlines", "{ \"message\" :\n \"agent- idle \" }", `"message"`, "agent- idle ", true},
		{"number", `{"call-id":555,"x":1}`, `"call-id"`, "555", true},
		{"number as string", `{"call-id":"555"}`, `"call-id"`, "555", true},
		{"not a prefix of another key", `{"secondary-call-id":9,"call-id":10}`, `"call-id"`, "10", true},
		{"value that looks like the key", `{"name":"call-id","call-id":3}`, `"call-id"`, "3", true},
		{"escaped quote in string", `{"message":"a\"b"}`, `"message"`, `a\"b`, true},
		{"missing", `{"a":1}`, `"message"`, "", false},
		{"truncated string", `{"message":"deliv`, `"message"`, "", false},
		{"truncated after colon", `{"message":`, `"message"`, "", false},
		{"null", `{"sequence":null}`, `"sequence"`, "null", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := peekValue([]byte(tc.msg), []byte(tc.key))
			if ok != tc.ok || string(got) != tc.want {
				t.Fatalf("peek = %q,%v; want %q,%v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestPeekUint32(t *testing.T) {
	for _, tc := range []struct {
		msg  string
		want uint32
		ok   bool
	}{
		{`{"sequence":0}`, 0, true},
		{`{"sequence":4294967295}`, 4294967295, true},
		{`{"sequence":4294967296}`, 0, false},
		{`{"sequence":"17"}`, 17, true},
		{`{"sequence":-1}`, 0, false},
		{`{"sequence":1.5}`, 0, false},
		{`{"version":1}`, 0, false},
	} {
		got, ok := peekUint32([]byte(tc.msg), keySequence)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: %d,%v; want %d,%v", tc.msg, got, ok, tc.want, tc.ok)
		}
	}
}

func TestHasToken(t *testing.T) {
	for _, tc := range []struct {
		msg, tok string
		want     bool
	}{
		{`{"device":"4001"}`, "4001", true},
		{`{"device-id":4001,"x":1}`, "4001", true},
		{`{"device":"+49304001"}`, "4001", false},
		{`{"device":"40012"}`, "4001", false},
		{`{"device":"14001","d":"4001"}`, "4001", true},
		{`{"device":"4001-2"}`, "4001", false},
		{`{}`, "", false},
	} {
		if got := hasToken([]byte(tc.msg), []byte(tc.tok)); got != tc.want {
			t.Errorf("hasToken(%s, %s) = %v", tc.msg, tc.tok, got)
		}
	}
}
