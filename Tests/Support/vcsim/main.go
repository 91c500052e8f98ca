// vcsim-harness: a vCenter simulator (govmomi's simulator.VPX model) for sfreconcile's
// tests and benchmarks. It listens on loopback only, prints its SDK URL on stdout once it
// answers, and exits when stdin closes or on SIGINT/SIGTERM, so a crashed test leaves no
// server behind.
//
// Built from Debian's golang-go and golang-github-vmware-govmomi-dev (see scripts/vcsim.sh).
package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/url"
	"os"
	"os/signal"
	"syscall"

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
	useTLS := flag.Bool("tls", false, "serve HTTPS with a self-signed certificate; its PEM path is printed after the URL")
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
	if *useTLS {
		model.Service.TLS = new(tls.Config)
	}
	server := model.Service.NewServer()
	defer server.Close()

	u := *server.URL
	u.User = nil
	fmt.Println(u.String())
	if *useTLS {
		file, err := server.CertificateFile()
		if err != nil {
			log.Fatalf("writing the certificate: %v", err)
		}
		fmt.Println(file)
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
