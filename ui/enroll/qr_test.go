package enroll

import (
	"errors"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"rsc.io/qr"
)

// Activation links as Duo and the simulator issue them.
var (
	duoURL = "https://m-abcdef.duosecurity.com/iphone/7dbe9SGgfeoFOp28XSbV"
	simURL = "https://127.0.0.1:40000/activate/" + strings.Repeat("A", 20) + "-" + strings.Repeat("b", 30)
)

// In an 80x24 terminal the root leaves the pane 80x20; the QR code takes
// the height and leaves a text column of minTextW beside it.
const paneW, paneH = 80, 24 - rootChrome

// The drawing has the library's module count plus the quiet zone, and
// fits the pane of an 80x24 terminal beside the text. No decoder needed:
// the modules are read back from the half blocks and compared with the
// library's matrix.
func TestQRMatchesLibraryAndFits80x24(t *testing.T) {
	for _, tc := range []struct {
		name, url string
		version   int // QR version at level L: size 17+4v
	}{
		{"duo", duoURL, 4},
		{"simulator", simURL, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, err := qr.Encode(tc.url, qr.L)
			if err != nil {
				t.Fatal(err)
			}
			if code.Size != 17+4*tc.version {
				t.Errorf("rsc.io/qr chose size %d, want version %d (%d)", code.Size, tc.version, 17+4*tc.version)
			}
			c, err := drawQR(tc.url, paneW-minTextW-2, paneH, true)
			if err != nil {
				t.Fatal(err)
			}
			if c.size != code.Size {
				t.Errorf("drawn size %d, library's %d", c.size, code.Size)
			}
			n := code.Size + 2*c.quiet
			if len(c.lines) != (n+1)/2 || len(c.lines) > paneH {
				t.Errorf("%d lines for %d module rows, pane height %d", len(c.lines), n, paneH)
			}
			for i, l := range c.lines {
				if w := lipgloss.Width(l); w != n || w+2+minTextW > paneW {
					t.Fatalf("line %d is %d cells, want %d within %d", i, w, n, paneW)
				}
			}
			if c.quiet < quietMin || c.quiet > quietBest {
				t.Errorf("quiet zone %d", c.quiet)
			}
			checkModules(t, code, c, true)
		})
	}
}

// checkModules reads the modules back from the half blocks: on a dark
// background a block is a light module; the quiet zone is light.
func checkModules(t *testing.T, code *qr.Code, c qrCode, darkBG bool) {
	t.Helper()
	n := code.Size + 2*c.quiet
	for y := range n {
		row := []rune(c.lines[y/2])
		for x := range n {
			top := row[x] == '█' || row[x] == '▀'
			bottom := row[x] == '█' || row[x] == '▄'
			drawn := top
			if y%2 == 1 {
				drawn = bottom
			}
			light := !code.Black(x-c.quiet, y-c.quiet)
			if drawn != (light == darkBG) {
				t.Fatalf("module (%d,%d): drawn %v, light %v", x, y, drawn, light)
			}
		}
	}
}

// On a light background the dark modules are drawn instead.
func TestQRLightBackground(t *testing.T) {
	code, _ := qr.Encode(duoURL, qr.L)
	c, err := drawQR(duoURL, 60, 30, false)
	if err != nil {
		t.Fatal(err)
	}
	if c.quiet != quietBest {
		t.Errorf("with room to spare the quiet zone is %d, want %d", c.quiet, quietBest)
	}
	checkModules(t, code, c, false)
}

// Too little room: the quiet zone shrinks first, then the pane says how
// much room the code needs.
func TestQRTooSmall(t *testing.T) {
	code, _ := qr.Encode(simURL, qr.L) // 37 modules
	c, err := drawQR(simURL, 60, (code.Size+2*quietMin+1)/2, true)
	if err != nil || c.quiet != quietMin {
		t.Fatalf("one row short of the best: quiet %d, %v", c.quiet, err)
	}
	_, err = drawQR(simURL, 60, 19, true)
	var small *tooSmallError
	if !errors.As(err, &small) || small.needH != 20 || !strings.Contains(err.Error(), "open the link below on the phone") {
		t.Errorf("19 rows: %v", err)
	}
}
