package duotest

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"

	"rsc.io/qr"
)

// logoPNG draws the simulator's logo: a green disc with a white ring, so a
// client that decodes /auth/v2/logo gets a real 120x120 PNG.
var logoPNG = func() []byte {
	const size = 120
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	green := color.NRGBA{0x6B, 0xBF, 0x4E, 0xFF}
	c := float64(size) / 2
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			dx, dy := float64(x)+0.5-c, float64(y)+0.5-c
			r2 := dx*dx + dy*dy
			switch {
			case r2 < 22*22:
				img.Set(x, y, green)
			case r2 < 34*34:
				img.Set(x, y, color.White)
			case r2 < 58*58:
				img.Set(x, y, green)
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic("duotest: encode logo: " + err.Error())
	}
	return b.Bytes()
}()

func (s *Server) handleLogo(w http.ResponseWriter, q *request) {
	writeRaw(w, http.StatusOK, "image/png", logoPNG)
}

// handleQR serves an activation barcode, like Duo's /frame/qr: a QR code of
// the activation code, unsigned so a browser or `curl` can fetch it.
func (s *Server) handleQR(w http.ResponseWriter, q *request) {
	v := q.params.Get("value")
	if v == "" {
		writeFail(w, errMissingParam("value"))
		return
	}
	code, err := qr.Encode("duo://"+v, qr.M)
	if err != nil {
		writeFail(w, errInvalidParam("value"))
		return
	}
	writeRaw(w, http.StatusOK, "image/png", code.PNG())
}
