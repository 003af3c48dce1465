package claritysim

import (
	"bytes"
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"strings"
	"time"
	"unicode/utf16"

	"golang.org/x/crypto/md4"
)

// The server half of NTLMv2 (MS-NLMP), as IIS Windows Authentication runs it
// in front of the Connect token service: the client sends NEGOTIATE, we
// answer with a CHALLENGE, the client proves it knows the password with an
// AUTHENTICATE whose NTProofStr we recompute from the configured account.

const (
	flagUnicode        = 0x00000001
	flagRequestTarget  = 0x00000004
	flagNTLM           = 0x00000200
	flagAlwaysSign     = 0x00008000
	flagTargetTypeDom  = 0x00010000
	flagExtendedSecure = 0x00080000
	flagTargetInfo     = 0x00800000
	flagVersion        = 0x02000000
	flag128            = 0x20000000
	flag56             = 0x80000000

	avEOL          = 0
	avNbComputer   = 1
	avNbDomain     = 2
	avDNSComputer  = 3
	avDNSDomain    = 4
	avTimestamp    = 7
	ntlmSignature  = "NTLMSSP\x00"
	maxClockSkew   = 10 * time.Minute
	windowsEpochNs = 116444736000000000
)

var errNTLM = errors.New("ntlm: malformed message")

// ntlmMessageType returns the type (1, 2 or 3) of an NTLMSSP message.
func ntlmMessageType(b []byte) (uint32, error) {
	if len(b) < 12 || string(b[:8]) != ntlmSignature {
		return 0, errNTLM
	}
	return binary.LittleEndian.Uint32(b[8:12]), nil
}

// challenge is one CHALLENGE we sent, kept until the AUTHENTICATE arrives on
// the same connection.
type challenge struct {
	server  [8]byte
	created time.Time
}

func newChallenge(domain, computer string, now time.Time) (challenge, []byte) {
	var c challenge
	_, _ = rand.Read(c.server[:])
	c.created = now

	var info bytes.Buffer
	av := func(id uint16, v []byte) {
		_ = binary.Write(&info, binary.LittleEndian, id)
		_ = binary.Write(&info, binary.LittleEndian, uint16(len(v)))
		info.Write(v)
	}
	ts := make([]byte, 8)
	binary.LittleEndian.PutUint64(ts, uint64(now.UnixNano()/100+windowsEpochNs))
	av(avNbDomain, utf16le(domain))
	av(avNbComputer, utf16le(computer))
	av(avDNSDomain, utf16le(strings.ToLower(domain)+".internal"))
	av(avDNSComputer, utf16le(strings.ToLower(computer)+"."+strings.ToLower(domain)+".internal"))
	av(avTimestamp, ts)
	av(avEOL, nil)

	target := utf16le(domain)
	const header = 56 // fields + version
	flags := uint32(flagUnicode | flagRequestTarget | flagNTLM | flagAlwaysSign |
		flagTargetTypeDom | flagExtendedSecure | flagTargetInfo | flagVersion | flag128 | flag56)
	var m bytes.Buffer
	m.WriteString(ntlmSignature)
	_ = binary.Write(&m, binary.LittleEndian, uint32(2))
	writeVar(&m, len(target), header)
	_ = binary.Write(&m, binary.LittleEndian, flags)
	m.Write(c.server[:])
	m.Write(make([]byte, 8))
	writeVar(&m, info.Len(), header+len(target))
	m.Write([]byte{10, 0, 0x61, 0x4a, 0, 0, 0, 15}) // version 10.0.19041, NTLM rev 15
	m.Write(target)
	m.Write(info.Bytes())
	return c, m.Bytes()
}

func writeVar(b *bytes.Buffer, n, off int) {
	_ = binary.Write(b, binary.LittleEndian, uint16(n))
	_ = binary.Write(b, binary.LittleEndian, uint16(n))
	_ = binary.Write(b, binary.LittleEndian, uint32(off))
}

// authenticate is what we read from an AUTHENTICATE message.
type authenticate struct {
	Domain, User, Workstation string
	NtResponse                []byte
}

func parseAuthenticate(b []byte) (authenticate, error) {
	var a authenticate
	if t, err := ntlmMessageType(b); err != nil || t != 3 || len(b) < 64 {
		return a, errNTLM
	}
	field := func(at int) ([]byte, error) {
		n := int(binary.LittleEndian.Uint16(b[at:]))
		off := int(binary.LittleEndian.Uint32(b[at+4:]))
		if off < 0 || n < 0 || off > len(b) || n > len(b)-off {
			return nil, errNTLM
		}
		return b[off : off+n], nil
	}
	flags := binary.LittleEndian.Uint32(b[60:])
	if flags&flagUnicode == 0 {
		return a, errors.New("ntlm: only Unicode is accepted")
	}
	var err error
	if a.NtResponse, err = field(20); err != nil {
		return a, err
	}
	dom, err := field(28)
	if err != nil {
		return a, err
	}
	usr, err := field(36)
	if err != nil {
		return a, err
	}
	ws, err := field(44)
	if err != nil {
		return a, err
	}
	a.Domain, a.User, a.Workstation = fromUTF16le(dom), fromUTF16le(usr), fromUTF16le(ws)
	return a, nil
}

// verifyNTLMv2 recomputes NTProofStr = HMAC-MD5(NTOWFv2, serverChallenge ||
// blob) from the account's password and compares it with what the client
// sent; it also refuses a blob whose timestamp is far from now (replay).
func verifyNTLMv2(a authenticate, c challenge, password string, now time.Time) bool {
	if len(a.NtResponse) < 16+28 {
		return false // NTLMv1 or garbage: IIS with NTLMv2-only refuses it too
	}
	proof, blob := a.NtResponse[:16], a.NtResponse[16:]
	if blob[0] != 1 || blob[1] != 1 {
		return false
	}
	ts := int64(binary.LittleEndian.Uint64(blob[8:16]))
	sent := time.Unix(0, (ts-windowsEpochNs)*100)
	if d := now.Sub(sent); d > maxClockSkew || d < -maxClockSkew {
		return false
	}
	want := hmacMD5(ntowfv2(password, a.User, a.Domain), c.server[:], blob)
	return hmac.Equal(proof, want)
}

// ntowfv2 is HMAC-MD5(MD4(UTF-16LE(password)), UTF-16LE(UPPER(user) + domain)).
func ntowfv2(password, user, domain string) []byte {
	h := md4.New()
	h.Write(utf16le(password))
	return hmacMD5(h.Sum(nil), utf16le(strings.ToUpper(user)+domain))
}

func hmacMD5(key []byte, data ...[]byte) []byte {
	m := hmac.New(md5.New, key)
	for _, d := range data {
		m.Write(d)
	}
	return m.Sum(nil)
}

func utf16le(s string) []byte {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2*len(u))
	for i, r := range u {
		binary.LittleEndian.PutUint16(b[2*i:], r)
	}
	return b
}

func fromUTF16le(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return string(utf16.Decode(u))
}
