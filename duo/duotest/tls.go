package duotest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"time"
)

// certAuthority is a per-server CA and the leaf it issued for loopback.
type certAuthority struct {
	caPEM []byte
	pool  *x509.CertPool
	leaf  tls.Certificate
}

// newCertAuthority makes a CA and a leaf with SANs 127.0.0.1, ::1 and
// localhost, plus any extra host of the listen address.
func newCertAuthority(name string, extraHosts ...string) (*certAuthority, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	caTmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: name + " CA", Organization: []string{"duotui simulator"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(10 * 365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, err
	}
	leafKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	leafTmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: "localhost", Organization: []string{"duotui simulator"}},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(2 * 365 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		// duo_unix up to at least 1.11.3 (Debian 12) compares the host only
		// with DNS-type SANs, so the loopback addresses appear as DNS names
		// too; clients that follow RFC 6125 use the IP SANs.
		DNSNames: []string{"localhost", "127.0.0.1", "::1"},
	}
	for _, h := range extraHosts {
		if ip := net.ParseIP(h); ip != nil {
			if !ip.IsLoopback() {
				leafTmpl.IPAddresses = append(leafTmpl.IPAddresses, ip)
				leafTmpl.DNSNames = append(leafTmpl.DNSNames, h)
			}
		} else if h != "" && h != "localhost" {
			leafTmpl.DNSNames = append(leafTmpl.DNSNames, h)
		}
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, caCert, &leafKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(caCert)
	return &certAuthority{
		caPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}),
		pool:  pool,
		leaf:  tls.Certificate{Certificate: [][]byte{leafDER, caDER}, PrivateKey: leafKey},
	}, nil
}

func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		panic("duotest: crypto/rand failed: " + err.Error())
	}
	return n
}

// tlsConfig serves the leaf; TLS fault rules hook in per handshake.
func (s *Server) tlsConfig() *tls.Config {
	return &tls.Config{
		MinVersion:   tls.VersionTLS12,
		Certificates: []tls.Certificate{s.ca.leaf},
		NextProtos:   []string{"http/1.1"}, // Hijack (FaultReset) needs HTTP/1.1
		GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
			return s.handshakeFault()
		},
	}
}

// CACertPEM returns the PEM of the CA that issued the server's certificate.
func (s *Server) CACertPEM() []byte { return append([]byte(nil), s.ca.caPEM...) }

// CertPool returns a pool holding only the server's CA.
func (s *Server) CertPool() *x509.CertPool { return s.ca.pool.Clone() }

// WriteCA writes the CA certificate (PEM, mode 0644) to path, for clients
// configured with a CA file (duotui's CAFile, curl --cacert, duo_unix cafile).
func (s *Server) WriteCA(path string) error {
	if err := os.WriteFile(path, s.ca.caPEM, 0o644); err != nil {
		return fmt.Errorf("could not write the simulator's CA certificate (%w); choose a writable path", err)
	}
	return nil
}

// HTTPClient returns a new client that trusts the server's CA, with its own
// connection pool (so a test of TLS faults gets fresh handshakes). Idle
// connections are closed when the server closes.
func (s *Server) HTTPClient() *http.Client {
	tr := &http.Transport{
		TLSClientConfig:     &tls.Config{RootCAs: s.ca.pool.Clone(), MinVersion: tls.VersionTLS12},
		MaxIdleConns:        128,
		MaxIdleConnsPerHost: 128,
		IdleConnTimeout:     90 * time.Second,
		ForceAttemptHTTP2:   false,
	}
	s.trMu.Lock()
	s.transports = append(s.transports, tr)
	s.trMu.Unlock()
	return &http.Client{Transport: tr}
}
