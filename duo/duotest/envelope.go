package duotest

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// Duo's numeric error codes; the first three digits are the HTTP status.
const (
	CodeMissingParam     = 40001 // a required parameter is missing
	CodeInvalidParam     = 40002 // a parameter has an invalid value
	CodeMissingCreds     = 40101 // no (or unreadable) Authorization header
	CodeInvalidIKey      = 40102 // unknown integration key, or the wrong application's key
	CodeInvalidSignature = 40103 // the signature does not match (skey, encoding, host, …)
	CodeMissingDate      = 40104 // no Date / X-Duo-Date header
	CodeBadDate          = 40105 // Date malformed or outside the window of Duo's clock
	CodeForbidden        = 40301 // control API from a non-loopback address
	CodeNotFound         = 40401 // unknown path
	CodeMethodNotAllowed = 40501 // known path, wrong method
	CodeRateLimited      = 42901 // fault rule Fault429
	CodeServerError      = 50001 // fault rule Fault500
	CodeUnavailable      = 50301 // fault rule Fault503
)

// apiError is a Duo FAIL envelope waiting to be written.
type apiError struct {
	code    int
	message string
	detail  string
}

func (e *apiError) status() int { return e.code / 100 }

func errMissingParam(name string) *apiError {
	return &apiError{CodeMissingParam, "Missing required request parameters", name}
}

func errInvalidParam(name string) *apiError {
	return &apiError{CodeInvalidParam, "Invalid request parameters", name}
}

type failBody struct {
	Stat          string `json:"stat"`
	Code          int    `json:"code"`
	Message       string `json:"message"`
	MessageDetail string `json:"message_detail,omitempty"`
}

type okBody struct {
	Stat     string `json:"stat"`
	Response any    `json:"response"`
	Metadata any    `json:"metadata,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		// Every value written here is built by the simulator itself.
		panic("duotest: marshal response: " + err.Error())
	}
	writeRaw(w, status, "application/json", b)
}

func writeRaw(w http.ResponseWriter, status int, contentType string, b []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

func writeOK(w http.ResponseWriter, response any) {
	writeJSON(w, http.StatusOK, okBody{Stat: "OK", Response: response})
}

func writeFail(w http.ResponseWriter, e *apiError) {
	writeJSON(w, e.status(), failBody{Stat: "FAIL", Code: e.code, Message: e.message, MessageDetail: e.detail})
}
