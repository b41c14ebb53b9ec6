package enroll

import (
	"fmt"
	"strings"

	"rsc.io/qr"
)

// The activation link is drawn as a QR code with half blocks: one terminal
// cell holds two modules, one above the other, so a version 4–5 code (the
// size of Duo's activation links at the lowest error-correction level)
// takes 35–41 columns and 18–21 rows, and fits an 80x24 terminal. rsc.io/qr
// encodes; the drawing is ours because qrterminal writes to an io.Writer
// with a fixed 4-module quiet zone (too tall for 24 rows) and an extra
// column, while a pane needs lines it can lay out.

// qrLevel is the lowest error correction: the fewest modules. A phone
// reads a screen up close, so the redundancy buys little.
const qrLevel = qr.L

// Quiet zones in modules: the light margin a reader needs around the code.
// The standard asks for 4; phones read 2 well and 1 usually, and the
// terminal's own background beyond it is dark, so it is never wider.
const (
	quietBest = 2
	quietMin  = 1
)

// qrCode is a code drawn for the terminal.
type qrCode struct {
	size  int      // modules per side, without the quiet zone (rsc.io/qr's Size)
	quiet int      // quiet zone drawn, in modules
	lines []string // the drawing: (size+2*quiet+1)/2 lines of size+2*quiet cells
}

// width is the drawing's width in cells.
func (c qrCode) width() int { return c.size + 2*c.quiet }

// drawQR encodes text and draws it in at most w×h cells with the widest
// quiet zone that fits. darkBG selects which modules are drawn as blocks:
// on a dark background the light ones, so the code reads dark-on-light as
// scanners expect. It fails when even the smallest drawing does not fit,
// saying how much room it needs.
func drawQR(text string, w, h int, darkBG bool) (qrCode, error) {
	code, err := qr.Encode(text, qrLevel)
	if err != nil {
		return qrCode{}, err
	}
	for quiet := quietBest; quiet >= quietMin; quiet-- {
		n := code.Size + 2*quiet
		if n <= w && (n+1)/2 <= h {
			return qrCode{size: code.Size, quiet: quiet, lines: halfBlocks(code, quiet, darkBG)}, nil
		}
	}
	n := code.Size + 2*quietMin
	return qrCode{size: code.Size, quiet: quietMin}, &tooSmallError{needW: n, needH: (n + 1) / 2, w: w, h: h}
}

// tooSmallError says the pane cannot hold the code.
type tooSmallError struct{ needW, needH, w, h int }

func (e *tooSmallError) Error() string {
	if e.needH > e.h {
		return fmt.Sprintf("The QR code needs %d rows and this pane has %d: make the terminal taller, or open the link below on the phone.",
			e.needH, e.h)
	}
	return fmt.Sprintf("The QR code needs %d columns beside the text and this pane leaves it %d: make the terminal wider, or open the link below on the phone.",
		e.needW, e.w)
}

// halfBlocks draws the code with its quiet zone. Module rows 2i and 2i+1
// share line i; beyond the last row is the terminal's background.
func halfBlocks(code *qr.Code, quiet int, darkBG bool) []string {
	n := code.Size + 2*quiet
	// drawn reports whether module (x, y) of the framed code is drawn as
	// a block; outside the frame nothing is.
	drawn := func(x, y int) bool {
		if y >= n {
			return false
		}
		light := !code.Black(x-quiet, y-quiet) // the quiet zone is light
		return light == darkBG
	}
	lines := make([]string, 0, (n+1)/2)
	var b strings.Builder
	for y := 0; y < n; y += 2 {
		b.Reset()
		for x := range n {
			switch top, bottom := drawn(x, y), drawn(x, y+1); {
			case top && bottom:
				b.WriteString("█")
			case top:
				b.WriteString("▀")
			case bottom:
				b.WriteString("▄")
			default:
				b.WriteByte(' ')
			}
		}
		lines = append(lines, b.String())
	}
	return lines
}
