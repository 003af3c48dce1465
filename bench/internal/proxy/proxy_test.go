package proxy

import (
	"bufio"
	"net"
	"testing"
	"time"
)

func TestRelayDropAndBlackhole(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { // echo
				sc := bufio.NewScanner(c)
				for sc.Scan() {
					c.Write(append(sc.Bytes(), '\n'))
				}
			}()
		}
	}()
	p, err := Start(ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	c, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	rd := bufio.NewReader(c)
	c.Write([]byte("hello\n"))
	if l, err := rd.ReadString('\n'); err != nil || l != "hello\n" {
		t.Fatalf("relay: %q %v", l, err)
	}
	p.Blackhole(true)
	c.Write([]byte("lost\n"))
	c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	if l, err := rd.ReadString('\n'); err == nil {
		t.Fatalf("a blackhole forwarded %q", l)
	}
	p.Blackhole(false)
	c.SetReadDeadline(time.Time{})
	c.Write([]byte("back\n"))
	if l, err := rd.ReadString('\n'); err != nil || l != "back\n" {
		t.Fatalf("after the blackhole: %q %v", l, err)
	}
	p.Drop()
	if _, err := rd.ReadString('\n'); err == nil {
		t.Fatal("Drop left the connection open")
	}
}
