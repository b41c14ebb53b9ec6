package clock

import (
	"fmt"
	"strings"
	"time"

	"duotui/model"
)

// rangePlot draws the interval after each sample as a vertical bar, one
// column group per sample, so the bars shrink towards a point as the samples
// narrow it. Half blocks double the vertical resolution. It is drawn by hand
// rather than with ntcharts: a line chart shows one value per x, not a range,
// and ntcharts styles come from lipgloss's global renderer, which would give
// every SSH session the server's colour profile.
//
// The result is rows+1 lines (the last is the sample axis), each exactly
// width cells wide.
func rangePlot(hist []model.Interval, slots, rows, width int) []string {
	if slots < len(hist) {
		slots = len(hist)
	}
	lines := make([]string, 0, rows+1)
	if len(hist) == 0 {
		for range rows {
			lines = append(lines, strings.Repeat(" ", width))
		}
		return append(lines, pad("", width))
	}
	lo, hi := hist[0].Lo, hist[0].Hi
	for _, iv := range hist {
		lo, hi = min(lo, iv.Lo), max(hi, iv.Hi)
	}
	top, bottom := signedSeconds(hi), signedSeconds(lo)
	labelW := max(len(top), len(bottom))
	cw := max((width-labelW-1)/slots, 1) // cells per sample
	span := hi - lo
	halves := 2 * rows
	cells := make([][]bool, halves) // [half-row][sample]
	for i := range cells {
		cells[i] = make([]bool, len(hist))
	}
	for x, iv := range hist {
		from, to := 0, 0
		if span > 0 {
			from = int(float64(hi-iv.Hi) / float64(span) * float64(halves))
			to = int(float64(hi-iv.Lo) / float64(span) * float64(halves))
		}
		from = min(max(from, 0), halves-1)
		to = min(max(to, from+1), halves) // at least one half cell: the point
		for y := from; y < to; y++ {
			cells[y][x] = true
		}
	}
	for r := range rows {
		label := strings.Repeat(" ", labelW)
		axis := "│"
		switch r {
		case 0:
			label, axis = fmt.Sprintf("%*s", labelW, top), "┤"
		case rows - 1:
			label, axis = fmt.Sprintf("%*s", labelW, bottom), "┤"
		}
		var b strings.Builder
		b.WriteString(label + axis)
		for x := range hist {
			ch := halfBlock(cells[2*r][x], cells[2*r+1][x])
			b.WriteString(strings.Repeat(ch, max(cw-1, 1)))
			if cw > 1 {
				b.WriteByte(' ')
			}
		}
		lines = append(lines, pad(b.String(), width))
	}
	axis := strings.Repeat(" ", labelW+1) + "1"
	if n := len(hist); n > 1 {
		last := fmt.Sprint(n)
		gap := (n-1)*cw - 1 // so the last number starts under its bar
		axis += strings.Repeat(" ", max(gap, 1)) + last
	}
	return append(lines, pad(axis+"  sample", width))
}

func halfBlock(upper, lower bool) string {
	switch {
	case upper && lower:
		return "█"
	case upper:
		return "▀"
	case lower:
		return "▄"
	}
	return " "
}

// pad cuts or fills s to exactly w cells (s is plain text: one rune a cell).
func pad(s string, w int) string {
	r := []rune(s)
	if len(r) >= w {
		return string(r[:w])
	}
	return s + strings.Repeat(" ", w-len(r))
}

// signedSeconds prints an offset with its sign and millisecond precision,
// the way the interval's bounds are read.
func signedSeconds(d time.Duration) string {
	return fmt.Sprintf("%+.3f s", d.Seconds())
}

// span prints a positive duration (widths, round trips) with the precision
// it deserves.
func span(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%d µs", d.Microseconds())
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Round(time.Millisecond).Milliseconds())
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}
