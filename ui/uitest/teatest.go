package uitest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"
)

// WaitUntil polls cond while tm runs, for up to limit. It returns an error
// instead of failing the test, so the caller can say what it waited for.
func WaitUntil(tm *teatest.TestModel, limit time.Duration, cond func() bool) (err error) {
	defer func() {
		if recover() != nil {
			err = fmt.Errorf("not within %s", limit)
		}
	}()
	teatest.WaitFor(fatalPanics{}, tm.Output(), func([]byte) bool { return cond() },
		teatest.WithDuration(limit), teatest.WithCheckInterval(5*time.Millisecond))
	return nil
}

// fatalPanics is the testing.TB WaitFor reports to: its Fatal panics for
// WaitUntil to recover. WaitFor calls nothing else.
type fatalPanics struct{ testing.TB }

func (fatalPanics) Helper()      {}
func (fatalPanics) Fatal(...any) { panic("wait failed") }

// Shows reports whether screen holds every one of texts.
func Shows(screen string, texts ...string) bool {
	for _, s := range texts {
		if !strings.Contains(screen, s) {
			return false
		}
	}
	return true
}

// Type sends s one key per character, as a person types.
func Type(tm *teatest.TestModel, s string) {
	for _, k := range Chars(s) {
		tm.Send(Key(k))
	}
}
