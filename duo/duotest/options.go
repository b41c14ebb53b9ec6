package duotest

import (
	"io"
	"time"
)

// Option configures a Server at Start.
type Option func(*config)

type config struct {
	addr          string
	keys          Keys
	users         []User
	genCount      int
	genSeed       int64
	usersSet      bool
	phone         Answer
	clockOffset   time.Duration
	dateWindow    time.Duration
	pollInterval  time.Duration
	answerTimeout time.Duration
	totpWindow    int
	lockout       int
	credits       int
	log           io.Writer
	faults        []Fault
}

func defaultConfig() config {
	return config{
		addr:          "127.0.0.1:0",
		phone:         Ignore(),
		dateWindow:    300 * time.Second,
		pollInterval:  5 * time.Second,
		answerTimeout: 60 * time.Second,
		totpWindow:    1,
		lockout:       10,
		credits:       1000,
	}
}

// WithAddr sets the listen address (default "127.0.0.1:0", a free loopback
// port). Use a loopback address: the control API trusts loopback callers.
func WithAddr(addr string) Option { return func(c *config) { c.addr = addr } }

// WithKeys fixes some or all application keys; empty fields are generated.
func WithKeys(k Keys) Option { return func(c *config) { c.keys = k } }

// WithUsers adds users (after any added before). Without WithUsers or
// WithGeneratedUsers the server holds SampleUsers().
func WithUsers(users ...User) Option {
	return func(c *config) {
		c.users = append(c.users, users...)
		c.usersSet = true
	}
}

// WithGeneratedUsers adds n users generated deterministically from seed (see
// GenerateUsers), after the users of WithUsers.
func WithGeneratedUsers(n int, seed int64) Option {
	return func(c *config) {
		c.genCount, c.genSeed, c.usersSet = n, seed, true
	}
}

// WithPhone sets how every simulated phone answers pushes and calls unless a
// device or a script says otherwise. The default is Ignore(): nothing answers
// until Server.Answer, the control API or the timeout.
func WithPhone(a Answer) Option { return func(c *config) { c.phone = a } }

// WithClockOffset starts Duo's clock d ahead of the local clock (negative:
// behind). Requests are judged against Duo's clock, so a client that does not
// correct for it sees 40105 once |d| exceeds the Date window.
func WithClockOffset(d time.Duration) Option { return func(c *config) { c.clockOffset = d } }

// WithDateWindow sets how far a request's Date may be from Duo's clock
// (default ±300 s, the window of duo_unix's own mock; Duo does not publish
// its value).
func WithDateWindow(d time.Duration) Option { return func(c *config) { c.dateWindow = d } }

// WithPollInterval sets how long auth_status holds a request when nothing
// changes (default 5 s; Duo's long poll is a few seconds).
func WithPollInterval(d time.Duration) Option { return func(c *config) { c.pollInterval = d } }

// WithAnswerTimeout sets how long a push or call waits for an answer before
// it ends with status "timeout" (default 60 s, as Duo).
func WithAnswerTimeout(d time.Duration) Option { return func(c *config) { c.answerTimeout = d } }

// WithTOTPWindow sets how many 30 s steps either side of Duo's clock a Duo
// Mobile passcode may be from (default 1).
func WithTOTPWindow(steps int) Option { return func(c *config) { c.totpWindow = steps } }

// WithLockout sets after how many consecutive wrong passcodes a user's status
// becomes "locked out" (default 10, Duo's default; 0 disables lockout).
func WithLockout(n int) Option { return func(c *config) { c.lockout = n } }

// WithTelephonyCredits sets the account's starting telephony credits (default
// 1000). Each SMS batch and each phone call costs one.
func WithTelephonyCredits(n int) Option { return func(c *config) { c.credits = n } }

// WithLog writes one line per request to w, with the signature redacted and
// passcodes hidden.
func WithLog(w io.Writer) Option { return func(c *config) { c.log = w } }

// WithFaults installs fault rules from the start.
func WithFaults(f ...Fault) Option { return func(c *config) { c.faults = append(c.faults, f...) } }
