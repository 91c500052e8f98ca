// vcsim-harness: a vCenter simulator (govmomi's simulator.VPX model) for sfreconcile's
// tests and benchmarks. It listens on loopback only, prints its SDK URL on stdout once it
// answers, and exits when stdin closes or on SIGINT/SIGTERM, so a crashed test leaves no
// server behind.
//
// Built from Debian's golang-go and golang-github-vmware-govmomi-dev (see scripts/vcsim.sh).
package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/vmware/govmomi/simulator"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "loopback address and port to listen on (port 0 picks a free one)")
	datacenters := flag.Int("dc", 1, "datacenters")
	clusters := flag.Int("clusters", 1, "clusters per datacenter")
	hosts := flag.Int("hosts", 3, "hosts per cluster")
	standalone := flag.Int("standalone", 1, "standalone hosts per datacenter")
	pools := flag.Int("pools", 0, "child resource pools per cluster")
	vms := flag.Int("vms", 2, "VMs per resource pool and per standalone host")
	user := flag.String("username", "", "accept only this user name (default: any credentials)")
	password := flag.String("password", "", "password for -username")
	var start setup
	flag.StringVar(&start.powerOff, "power-off", "", "VMs to power off at start (NAME,NAME…)")
	flag.StringVar(&start.cpus, "cpu", "", "vCPU counts to set at start (NAME=COUNTxCORES,…)")
	flag.StringVar(&start.snapshots, "snapshot", "", "snapshots to take at start, back-dated (VM=SNAPSHOT@AGE,…; AGE like 720h)")
	useTLS := flag.Bool("tls", false, "serve HTTPS with a fresh self-signed ECDSA certificate for 127.0.0.1, ::1 and localhost; its PEM path is printed after the URL")
	flag.Parse()

	host, _, err := net.SplitHostPort(*listen)
	if err != nil {
		log.Fatalf("-listen %q: %v", *listen, err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		log.Fatalf("-listen %q: only loopback addresses are allowed", *listen)
	}

	model := simulator.VPX()
	model.Datacenter = *datacenters
	model.Cluster = *clusters
	model.ClusterHost = *hosts
	model.Host = *standalone
	model.Pool = *pools
	model.Machine = *vms
	defer model.Remove()
	if err := model.Create(); err != nil {
		log.Fatalf("creating the inventory: %v", err)
	}

	model.Service.RegisterEndpoints = true
	model.Service.Listen = &url.URL{Host: *listen}
	if *user != "" {
		model.Service.Listen.User = url.UserPassword(*user, *password)
	}
	var certFile string
	if *useTLS {
		cert, file, err := selfSignedCertificate()
		if err != nil {
			log.Fatalf("making a certificate: %v", err)
		}
		defer os.RemoveAll(filepath.Dir(file))
		model.Service.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
		certFile = file
	}
	server := model.Service.NewServer()
	defer server.Close()

	if !start.empty() {
		if err := start.apply(server.URL); err != nil {
			log.Fatalf("start-up state: %v", err)
		}
	}

	u := *server.URL
	u.User = nil
	fmt.Println(u.String())
	if *useTLS {
		fmt.Println(certFile)
	}
	os.Stdout.Sync()

	done := make(chan string, 2)
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		done <- "stdin closed"
	}()
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		s := <-signals
		done <- s.String()
	}()
	reason := <-done
	log.Printf("vcsim-harness stopping: %s", reason)
}

// selfSignedCertificate makes a P-256 certificate for the loopback names, valid for a day,
// and writes its PEM to a fresh temporary directory. (govmomi's built-in test certificate
// has a 1024-bit RSA key, which OpenSSL 3 refuses as too weak.)
func selfSignedCertificate() (tls.Certificate, string, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, "", err
	}
	template := x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "vcsim-harness"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, &template, &template, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, "", err
	}
	dir, err := os.MkdirTemp("", "vcsim-harness-")
	if err != nil {
		return tls.Certificate{}, "", err
	}
	file := filepath.Join(dir, "cert.pem")
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	if err := os.WriteFile(file, certPEM, 0o644); err != nil {
		return tls.Certificate{}, "", err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, file, nil
}
