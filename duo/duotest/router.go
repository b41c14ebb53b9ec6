package duotest

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// request is an incoming API call after parsing and verification.
type request struct {
	r      *http.Request
	params url.Values // query, form body or JSON body, as the handler sees them
	app    *app       // the verified application; nil on unsigned endpoints
}

type handler func(s *Server, w http.ResponseWriter, q *request)

type endpoint struct {
	method string
	app    appKind // 0: unsigned
	handle handler
}

var routes = map[string]endpoint{
	"/auth/v2/ping":          {http.MethodGet, 0, (*Server).handlePing},
	"/auth/v2/check":         {http.MethodGet, appAuth, (*Server).handleCheck},
	"/auth/v2/logo":          {http.MethodGet, appAuth, (*Server).handleLogo},
	"/auth/v2/enroll":        {http.MethodPost, appAuth, (*Server).handleEnroll},
	"/auth/v2/enroll_status": {http.MethodPost, appAuth, (*Server).handleEnrollStatus},
	"/auth/v2/preauth":       {http.MethodPost, appAuth, (*Server).handlePreauth},
	"/auth/v2/auth":          {http.MethodPost, appAuth, (*Server).handleAuth},
	"/auth/v2/auth_status":   {http.MethodGet, appAuth, (*Server).handleAuthStatus},
	"/admin/v1/users":        {http.MethodGet, appAdmin, (*Server).handleUsers},
	"/admin/v1/users/enroll": {http.MethodPost, appAdmin, (*Server).handleAdminEnroll},
	"/admin/v1/info/summary": {http.MethodGet, appAdmin, (*Server).handleSummary},
	"/oauth/v1/health_check": {http.MethodPost, 0, (*Server).handleHealthCheck},
	"/frame/qr":              {http.MethodGet, 0, (*Server).handleQR},
	"/rest/v1/preauth.bson":  {http.MethodPost, appAuth, (*Server).handleLegacyPreauth},
	"/rest/v1/auth.bson":     {http.MethodPost, appAuth, (*Server).handleLegacyAuth},
	"/rest/v1/status.bson":   {http.MethodGet, appAuth, (*Server).handleLegacyStatus},
}

// legacyPath reports a path of the legacy BSON API.
func legacyPath(p string) bool {
	return strings.HasPrefix(p, "/rest/v1/") && strings.HasSuffix(p, ".bson")
}

func route(path string) (endpoint, bool) {
	if e, ok := routes[path]; ok {
		return e, true
	}
	switch {
	case strings.HasPrefix(path, "/admin/v1/users/") && !strings.Contains(path[len("/admin/v1/users/"):], "/"):
		return endpoint{http.MethodGet, appAdmin, (*Server).handleUser}, true
	case strings.HasPrefix(path, "/activate/"):
		return endpoint{"", 0, (*Server).handleActivate}, true
	}
	return endpoint{}, false
}

// ServeHTTP serves the simulated Duo API, the phone-side pages and the
// loopback-only control API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	fault := ""
	defer func() {
		s.logRequest(r, rec.status, time.Since(start), fault)
	}()
	w.Header().Set("Date", s.Now().UTC().Format(http.TimeFormat))
	w.Header().Set("Server", "duotest")
	if strings.HasPrefix(r.URL.Path, "/sim/") {
		s.serveControl(rec, r)
		return
	}
	if f, ok := s.requestFault(r); ok {
		fault = f.Kind.String()
		switch f.Kind {
		case Fault429, Fault500, Fault503:
			if legacyPath(r.URL.Path) {
				bw := &bsonWriter{ResponseWriter: rec}
				s.writeFaultStatus(bw, f)
				bw.flush()
				return
			}
			s.writeFaultStatus(rec, f)
			return
		case FaultReset:
			s.reset(rec, r)
			return
		case FaultBadJSON, FaultTruncated:
			s.serveMangled(rec, r, f)
			return
		}
	}
	s.serveAPI(rec, r)
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	if legacyPath(r.URL.Path) {
		bw := &bsonWriter{ResponseWriter: w}
		defer bw.flush()
		w = bw
	}
	e, ok := route(r.URL.Path)
	if !ok {
		writeFail(w, &apiError{CodeNotFound, "Resource not found", r.URL.Path})
		return
	}
	if e.method != "" && r.Method != e.method {
		w.Header().Set("Allow", e.method)
		writeFail(w, &apiError{CodeMethodNotAllowed, "Method not allowed", r.Method})
		return
	}
	q, aerr := s.parse(r, e.app)
	if aerr != nil {
		writeFail(w, aerr)
		return
	}
	e.handle(s, w, q)
}

const maxBody = 1 << 20

// parse reads the parameters and, for signed endpoints, verifies the request.
func (s *Server) parse(r *http.Request, kind appKind) (*request, *apiError) {
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBody))
	if err != nil {
		return nil, &apiError{CodeInvalidParam, "Invalid request parameters", "body: " + err.Error()}
	}
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, &apiError{CodeInvalidParam, "Invalid request parameters", "query string"}
	}
	signed := cloneValues(query) // what line 5 of the canonical string covers
	params := cloneValues(query) // what the handler sees
	isJSON := false
	if len(body) > 0 {
		ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if ct == "application/json" {
			isJSON = true
			jp, aerr := jsonParams(body)
			if aerr != nil {
				return nil, aerr
			}
			for k, v := range jp {
				params[k] = v
			}
		} else {
			form, err := url.ParseQuery(string(body))
			if err != nil {
				return nil, &apiError{CodeInvalidParam, "Invalid request parameters", "form body"}
			}
			for k, v := range form {
				params[k] = append(params[k], v...)
				signed[k] = append(signed[k], v...)
			}
		}
	}
	q := &request{r: r, params: params}
	if kind == 0 {
		return q, nil
	}
	a, aerr := s.verify(r, kind, signed, body, isJSON, legacyPath(r.URL.Path))
	if aerr != nil {
		return nil, aerr
	}
	q.app = a
	return q, nil
}

// jsonParams reads a v5 JSON body. Duo's clients send string values; numbers
// and booleans are taken as their JSON text, anything else is refused.
func jsonParams(body []byte) (url.Values, *apiError) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, &apiError{CodeInvalidParam, "Invalid request parameters", "JSON body"}
	}
	out := url.Values{}
	for k, v := range m {
		switch x := v.(type) {
		case string:
			out.Set(k, x)
		case json.Number:
			out.Set(k, x.String())
		case bool:
			out.Set(k, strconv.FormatBool(x))
		case []any:
			for _, e := range x {
				str, ok := e.(string)
				if !ok {
					return nil, errInvalidParam(k)
				}
				out.Add(k, str)
			}
		default:
			return nil, errInvalidParam(k)
		}
	}
	return out, nil
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// recorder remembers the status for the request log.
type recorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
