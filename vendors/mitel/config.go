package mitel

import (
	"crypto/md5"
	"encoding/hex"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"tandem/vendors"
)

// config is a checked vendors.Config.
type config struct {
	addr        string
	user        string
	digest      string // MD5 of the password, lower-case hex (note §8 #8)
	agent       string
	ext         string
	agentNumber string
	groupID     string
	groupType   string
	log         *slog.Logger

	// Timers; tests shorten none of them, they are here to keep the
	// numbers in one place.
	dialTimeout time.Duration
	authTimeout time.Duration
	cmdTimeout  time.Duration
	syncWait    time.Duration
}

func parseConfig(cfg vendors.Config) (config, error) {
	bad := func(format string, a ...any) (config, error) {
		e := vendors.Errorf(vendors.ErrConfig, format, a...)
		e.Vendor = Name
		return config{}, e
	}
	addr, err := parseAddr(cfg.URL)
	if err != nil {
		return bad("%v", err)
	}
	if strings.TrimSpace(cfg.User) == "" {
		return bad("the event-feed user is missing")
	}
	if cfg.Password == "" {
		return bad("the event-feed password is missing")
	}
	if strings.TrimSpace(cfg.Agent) == "" {
		return bad("the agent ID is missing")
	}
	if strings.TrimSpace(cfg.Extension) == "" {
		return bad("the agent's extension is missing (calls are matched on it)")
	}
	sum := md5.Sum([]byte(cfg.Password))
	c := config{
		addr:        addr,
		user:        strings.TrimSpace(cfg.User),
		digest:      hex.EncodeToString(sum[:]),
		agent:       strings.TrimSpace(cfg.Agent),
		ext:         strings.ReplaceAll(strings.TrimSpace(cfg.Extension), "-", ""), // L1671
		agentNumber: cfg.Option("agent-number", strings.TrimSpace(cfg.Agent)),
		groupID:     cfg.Option("group-id", "0"),
		groupType:   cfg.Option("group-type", ""),
		log:         cfg.Log(),
		dialTimeout: 10 * time.Second,
		authTimeout: 10 * time.Second,
		cmdTimeout:  10 * time.Second,
		syncWait:    3 * time.Second,
	}
	if _, err := strconv.ParseInt(strings.TrimSpace(c.groupID), 10, 64); err != nil {
		return bad("option group-id must be a number (0 = primary group)")
	}
	return c, nil
}

// parseAddr accepts tcp://HOST[:PORT], HOST:PORT and HOST.
func parseAddr(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", strErr("the event-feed URL is missing (tcp://HOST:31456)")
	}
	host := raw
	if strings.Contains(raw, "://") {
		u, err := url.Parse(raw)
		if err != nil {
			return "", strErr("the event-feed URL is not valid: " + err.Error())
		}
		if u.Scheme != "tcp" {
			return "", strErr("the event feed is plain TCP: use tcp://HOST:31456, not " + u.Scheme + "://")
		}
		host = u.Host
	}
	if _, _, err := net.SplitHostPort(host); err != nil {
		host = net.JoinHostPort(strings.Trim(host, "[]"), DefaultPort)
	}
	if h, _, _ := net.SplitHostPort(host); h == "" {
		return "", strErr("the event-feed URL has no host")
	}
	return host, nil
}
