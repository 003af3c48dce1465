package claritysim

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"testing"
	"time"

	ntlmssp "github.com/Azure/go-ntlmssp"
)

func unhex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// TestNTLMv2Vectors checks NTOWFv2 and NTProofStr against MS-NLMP 4.2.4.
func TestNTLMv2Vectors(t *testing.T) {
	if got := hex.EncodeToString(ntowfv2("Password", "User", "Domain")); got != "0c868a403bfd7a93a3001ef22ef02e3f" {
		t.Fatalf("NTOWFv2 = %s", got)
	}
	server := unhex("0123456789abcdef")
	info := unhex("02000c0044006f006d00610069006e0001000c00530065007200760065007200" + "00000000") // Domain, Server, EOL
	blob := append(unhex("0101000000000000"+"0000000000000000"+"aaaaaaaaaaaaaaaa"+"00000000"), info...)
	blob = append(blob, 0, 0, 0, 0)
	proof := hmacMD5(ntowfv2("Password", "User", "Domain"), server, blob)
	if got := hex.EncodeToString(proof); got != "68cd0ab851e51c96aabc927bebef6a1c" {
		t.Fatalf("NTProofStr = %s", got)
	}
}

// TestVerifyClientMessages runs go-ntlmssp's client against our challenge
// and checks that only the right account and password pass.
func TestVerifyClientMessages(t *testing.T) {
	now := time.Now()
	cases := []struct {
		name, user, password string
		ok                   bool
	}{
		{"right password", `CCDEV\pmiller`, "S3cret-Demo", true},
		{"upper-case user name", `CCDEV\PMILLER`, "S3cret-Demo", true},
		{"wrong password", `CCDEV\pmiller`, "s3cret-demo", false},
		{"another domain", `OTHER\pmiller`, "S3cret-Demo", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, msg := newChallenge("CCDEV", "WEB01", now)
			am, err := ntlmssp.NewAuthenticateMessage(msg, tc.user, tc.password, nil)
			if err != nil {
				t.Fatal(err)
			}
			a, err := parseAuthenticate(am)
			if err != nil {
				t.Fatal(err)
			}
			// The NTLMv2 hash binds the domain as sent: the password of
			// pmiller@CCDEV does not prove pmiller@OTHER.
			ok := verifyNTLMv2(a, c, "S3cret-Demo", now) && a.Domain == "CCDEV"
			if ok != tc.ok {
				t.Errorf("verified %v, want %v (user %q domain %q)", ok, tc.ok, a.User, a.Domain)
			}
			other, _ := newChallenge("CCDEV", "WEB01", now)
			if verifyNTLMv2(a, other, "S3cret-Demo", now) {
				t.Errorf("an answer to one challenge verified against another")
			}
			if verifyNTLMv2(a, c, "S3cret-Demo", now.Add(time.Hour)) {
				t.Errorf("a stale answer verified")
			}
		})
	}
}

func FuzzParseAuthenticate(f *testing.F) {
	c, msg := newChallenge("CCDEV", "WEB01", time.Unix(1700000000, 0))
	am, _ := ntlmssp.NewAuthenticateMessage(msg, `CCDEV\pmiller`, "pw", nil)
	neg, _ := ntlmssp.NewNegotiateMessage("", "")
	f.Add(am)
	f.Add(neg)
	f.Add(msg)
	short := bytes.Clone(am[:64])
	binary.LittleEndian.PutUint32(short[24:], 0xffffff00)
	f.Add(short)
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = ntlmMessageType(b)
		if a, err := parseAuthenticate(b); err == nil {
			verifyNTLMv2(a, c, "pw", time.Unix(1700000000, 0))
		}
	})
}
