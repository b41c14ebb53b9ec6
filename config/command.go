package config

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// shellChars are what make a *_command need /bin/sh: quoting, expansion,
// pipes, redirection, globs, comments and env assignments. Anything else is
// split on spaces and run directly, so no shell parses the secret helper's
// arguments unless the administrator wrote shell syntax.
const shellChars = "|&;<>()$`\\\"'*?[]{}#~=\n"

// runSecretCommand runs a credential helper for at most timeout and returns
// the first line of its standard output, trimmed. key names it in errors; no
// error carries the output.
func runSecretCommand(ctx context.Context, key, command string, timeout time.Duration) (string, error) {
	parent := ctx
	ctx, cancel := context.WithTimeout(parent, timeout)
	defer cancel()
	var cmd *exec.Cmd
	if strings.ContainsAny(command, shellChars) {
		cmd = exec.CommandContext(ctx, "/bin/sh", "-c", command)
	} else {
		f := strings.Fields(command)
		if len(f) == 0 {
			return "", fmt.Errorf("%s is blank — give the command that prints the secret", key)
		}
		cmd = exec.CommandContext(ctx, f[0], f[1:]...)
	}
	out, stderr := &capBuffer{max: 64 << 10}, &capBuffer{max: 4 << 10}
	cmd.Stdout, cmd.Stderr = out, stderr
	// A helper that forks a child holding stdout open must not hang us.
	cmd.WaitDelay = time.Second
	killProcessGroup(cmd)
	err := cmd.Run()
	value := strings.TrimSpace(out.String())
	value, _, _ = strings.Cut(value, "\n")
	value = strings.TrimSpace(value)
	switch {
	case parent.Err() != nil:
		return "", fmt.Errorf("%s was stopped before it finished (%w)", key, parent.Err())
	case ctx.Err() != nil:
		return "", fmt.Errorf("%s did not finish within %s — check that it runs on its own, without asking for input", key, timeout)
	case errors.Is(err, exec.ErrNotFound):
		return "", fmt.Errorf("%s: %s was not found — install it or give its full path", key, cmd.Args[0])
	case err != nil:
		detail := firstLine(stderr.String())
		if detail != "" && value != "" && strings.Contains(detail, value) {
			detail = ""
		}
		if detail != "" {
			detail = ": " + detail
		}
		return "", fmt.Errorf("%s failed (%v%s) — run it in a shell to see why", key, err, detail)
	case value == "":
		return "", fmt.Errorf("%s printed nothing — it should print the secret on standard output", key)
	}
	return value, nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return strings.TrimSpace(s)
}

// capBuffer keeps the first max bytes written and discards the rest, so a
// runaway helper cannot fill memory.
type capBuffer struct {
	bytes.Buffer
	max int
}

func (b *capBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.Len(); room > 0 {
		b.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
