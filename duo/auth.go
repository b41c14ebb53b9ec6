package duo

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Ping calls the unsigned GET /auth/v2/ping: Duo is reachable, and its time.
// It proves nothing about the keys; Check does.
func (c *Client) Ping(ctx context.Context) (Ping, error) {
	return c.timeCall(ctx, &call{method: http.MethodGet, path: "/auth/v2/ping", unsigned: true, idempotent: true})
}

// Check calls the signed GET /auth/v2/check: success proves the host,
// integration key, secret key and clock are all right.
func (c *Client) Check(ctx context.Context) (Ping, error) {
	return c.timeCall(ctx, &call{method: http.MethodGet, path: "/auth/v2/check", idempotent: true})
}

func (c *Client) timeCall(ctx context.Context, cl *call) (Ping, error) {
	v, _, err := get[struct {
		Time int64 `json:"time"`
	}](ctx, c, cl)
	if err != nil {
		return Ping{}, err
	}
	return Ping{Time: time.Unix(v.Time, 0)}, nil
}

// Logo returns the PNG logo configured for the Auth API application.
func (c *Client) Logo(ctx context.Context) ([]byte, error) {
	cl := &call{method: http.MethodGet, path: "/auth/v2/logo", idempotent: true, accept: "image/png"}
	r, err := c.do(ctx, cl)
	if err != nil {
		return nil, err
	}
	if err := c.failure(cl, r); err != nil {
		return nil, err
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "image/") {
		return nil, badResponse(c, cl, r, nil)
	}
	return r.body, nil
}

// Enroll creates a user (or reuses the given username) and returns an
// activation code for the Duo Mobile app.
func (c *Client) Enroll(ctx context.Context, req EnrollRequest) (Enrollment, error) {
	p := url.Values{}
	setIf(p, "username", req.Username)
	if req.ValidSecs > 0 {
		p.Set("valid_secs", strconv.Itoa(req.ValidSecs))
	}
	v, _, err := get[struct {
		UserID            string   `json:"user_id"`
		Username          string   `json:"username"`
		ActivationCode    string   `json:"activation_code"`
		ActivationBarcode string   `json:"activation_barcode"`
		ActivationURL     string   `json:"activation_url"`
		Expiration        unixTime `json:"expiration"`
	}](ctx, c, &call{method: http.MethodPost, path: "/auth/v2/enroll", params: p})
	if err != nil {
		return Enrollment{}, err
	}
	return Enrollment{
		UserID: v.UserID, Username: v.Username, ActivationCode: v.ActivationCode,
		ActivationBarcode: v.ActivationBarcode, ActivationURL: v.ActivationURL,
		Expiration: v.Expiration.Time,
	}, nil
}

// EnrollStatus reports whether an activation code has been used.
func (c *Client) EnrollStatus(ctx context.Context, userID, activationCode string) (EnrollStatus, error) {
	p := url.Values{"user_id": {userID}, "activation_code": {activationCode}}
	v, _, err := get[string](ctx, c, &call{method: http.MethodPost, path: "/auth/v2/enroll_status", params: p})
	return EnrollStatus(v), err
}

// Preauth asks Duo whether the user must authenticate and with which devices.
func (c *Client) Preauth(ctx context.Context, req PreauthRequest) (Preauth, error) {
	p := url.Values{}
	setIf(p, "username", req.Username)
	setIf(p, "user_id", req.UserID)
	setIf(p, "ipaddr", req.IPAddr)
	setIf(p, "hostname", req.Hostname)
	setIf(p, "failmode", req.Failmode)
	if req.TextPrompt {
		p.Set("text_prompt", "1")
	}
	v, _, err := get[struct {
		Result          PreauthResult `json:"result"`
		StatusMsg       string        `json:"status_msg"`
		EnrollPortalURL string        `json:"enroll_portal_url"`
		Devices         []wireDevice  `json:"devices"`
		Prompt          *struct {
			Text    string            `json:"text"`
			Factors map[string]string `json:"factors"`
		} `json:"prompt"`
	}](ctx, c, &call{method: http.MethodPost, path: "/auth/v2/preauth", params: p})
	if err != nil {
		return Preauth{}, err
	}
	out := Preauth{Result: v.Result, StatusMsg: v.StatusMsg, EnrollPortalURL: v.EnrollPortalURL}
	for _, d := range v.Devices {
		out.Devices = append(out.Devices, Device{
			Device: d.Device, Type: d.Type, Name: d.Name, Number: string(d.Number),
			DisplayName: d.DisplayName, SMSNextcode: string(d.SMSNextcode), Capabilities: d.Capabilities,
		})
	}
	if v.Prompt != nil {
		out.Prompt = &Prompt{Text: v.Prompt.Text, Factors: v.Prompt.Factors}
	}
	return out, nil
}

type wireDevice struct {
	Device       string       `json:"device"`
	Type         string       `json:"type"`
	Name         string       `json:"name"`
	Number       flexString   `json:"number"`
	DisplayName  string       `json:"display_name"`
	SMSNextcode  flexString   `json:"sms_nextcode"`
	Capabilities []Capability `json:"capabilities"`
}

// Auth starts (Async) or performs an authentication. It can send a push,
// SMS or phone call, so it is never repeated once it may have reached Duo;
// only a 429 (Duo refused it) is retried. A synchronous push or call blocks
// until the user answers, so the attempt gets Duo's long-poll time.
func (c *Client) Auth(ctx context.Context, req AuthRequest) (AuthResult, error) {
	p := url.Values{}
	f := req.Factor
	if f == "" {
		f = FactorAuto
	}
	p.Set("factor", string(f))
	setIf(p, "username", req.Username)
	setIf(p, "user_id", req.UserID)
	if f == FactorPasscode {
		p.Set("passcode", req.Passcode)
	} else {
		dev := req.Device
		if dev == "" {
			dev = "auto"
		}
		p.Set("device", dev)
	}
	setIf(p, "type", req.Type)
	setIf(p, "display_username", req.DisplayUsername)
	setIf(p, "ipaddr", req.IPAddr)
	if len(req.PushInfo) > 0 {
		p.Set("pushinfo", req.PushInfo.Encode())
	}
	if req.Async {
		p.Set("async", "1")
	}
	cl := &call{method: http.MethodPost, path: "/auth/v2/auth", params: p, longPoll: !req.Async}
	r, _, err := get[wireAuth](ctx, c, cl)
	if err != nil {
		return AuthResult{}, err
	}
	out := r.result()
	if req.Async && out.Result == "" {
		out.Result = ResultWaiting
	}
	return out, nil
}

// AuthStatus polls an async transaction. Duo holds the request open until
// the status changes (a long poll), so the attempt gets extra time.
func (c *Client) AuthStatus(ctx context.Context, txid string) (AuthResult, error) {
	cl := &call{method: http.MethodGet, path: "/auth/v2/auth_status", params: url.Values{"txid": {txid}},
		idempotent: true, longPoll: true}
	r, _, err := get[wireAuth](ctx, c, cl)
	if err != nil {
		return AuthResult{}, err
	}
	out := r.result()
	out.TxID = txid
	return out, nil
}

type wireAuth struct {
	Result             Result `json:"result"`
	Status             string `json:"status"`
	StatusMsg          string `json:"status_msg"`
	TxID               string `json:"txid"`
	TrustedDeviceToken string `json:"trusted_device_token"`
}

func (w wireAuth) result() AuthResult {
	return AuthResult(w)
}

// get runs cl and decodes its response into T.
func get[T any](ctx context.Context, c *Client, cl *call) (T, metadata, error) {
	r, err := c.do(ctx, cl)
	if err != nil {
		var zero T
		return zero, metadata{}, err
	}
	return decode[T](c, cl, r)
}

func setIf(p url.Values, k, v string) {
	if v != "" {
		p.Set(k, v)
	}
}
