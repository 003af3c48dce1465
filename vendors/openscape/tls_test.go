package openscape

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tandem/vendors"
)

// selfSigned writes a throwaway certificate and key for 127.0.0.1.
func selfSigned(t *testing.T) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "tandem-test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	return certFile, keyFile
}

// TestWebhookTLS serves the receiver over HTTPS: the announced URL is
// https and a platform-side change (which only a webhook delivery can
// report) arrives through it.
func TestWebhookTLS(t *testing.T) {
	cert, key := selfSigned(t)
	s, sim := openSim(t, map[string]string{"webhook-cert": cert, "webhook-key": key})
	if !strings.HasPrefix(s.rx.url, "https://") {
		t.Fatalf("announced %q, want https", s.rx.url)
	}
	drainUntilSynced(t, s)
	if err := sim.SetState(vendors.StateNotReady, "2"); err != nil {
		t.Fatal(err)
	}
	for {
		if st, ok := next(t, s).(vendors.StateEvent); ok && st.State.Reason != nil && st.State.Reason.Code == "2" {
			return
		}
	}
}

func TestWebhookTLSBadFiles(t *testing.T) {
	_, err := newReceiver("127.0.0.1:0", "", "/nonexistent/cert.pem", "/nonexistent/key.pem", "", discard(), func([]byte) {})
	if vendors.KindOf(err) != vendors.ErrConfig {
		t.Errorf("missing certificate files: %v, want ErrConfig", err)
	}
}
