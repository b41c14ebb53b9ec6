// Package duotest is an in-process Duo Security simulator, shaped like
// net/http/httptest. It serves HTTPS on loopback with its own CA and behaves
// like Duo: it verifies every signature scheme Duo's clients use, judges the
// Date against its own (offsettable) clock, answers with Duo's envelopes,
// codes and shapes, and holds users, devices, enrollments, transactions and
// fault rules. Every test, benchmark and demo of duotui runs against it, and
// so do Duo's official Go client and duo_unix's login_duo.
//
//	srv := duotest.NewServer(t,
//		duotest.WithUsers(duotest.User{Name: "alice", Phone: "+15555550100"}),
//		duotest.WithPhone(duotest.ApproveAfter(50*time.Millisecond)),
//		duotest.WithClockOffset(90*time.Second),
//	)
//	client, _ := duo.NewClient(srv.Config()) // srv.URL, srv.HTTPClient(); closed by t.Cleanup
//
// # Applications and keys
//
// Each server has three applications with generated keys (WithKeys fixes
// them): the Auth API (IKey, SKey) for /auth/v2, the Admin API (AdminIKey,
// AdminSKey) for /admin/v1, and the Web SDK (ClientID, ClientSecret) for
// /oauth/v1. A key used on another application's endpoints gets 40102, as on
// Duo.
//
// # Request verification
//
// Signed requests are checked in this order: Authorization present and
// readable (else 401/40101), integration key known and of the endpoint's
// application (40102), Date present (40104; X-Duo-Date is preferred over
// Date) and an RFC 2822 date (40105), signature (40103), Date within ±300 s
// of Duo's clock (40105; WithDateWindow). Accepted signatures: v2 with
// HMAC-SHA1 (40 hex) or HMAC-SHA512 (128 hex) over form or query parameters,
// v4, and v5 (JSON body hash and X-Duo-* header hash). On a loopback host the
// signed host may carry the port (Duo's Go client) or not (duo_unix).
// Missing or invalid parameters give 40001/40002 with message_detail naming
// the parameter; unknown paths 404/40401.
//
// # Endpoints
//
// Auth API v2: ping (unsigned), check, logo (PNG), enroll, enroll_status,
// preauth (with text_prompt=1: duo_unix's menu and factors map), auth
// (factor push, phone, sms, passcode, auto or prompt; sync or async=1) and
// auth_status (a long poll held up to WithPollInterval). Admin API v1: GET
// /admin/v1/users (limit/offset paging, username filter), GET
// /admin/v1/users/{user_id}, POST /admin/v1/users/enroll, GET
// /admin/v1/info/summary. Web SDK: POST /oauth/v1/health_check. Phone-side,
// unsigned: GET /frame/qr?value=CODE (the activation barcode PNG) and
// /activate/CODE (GET a page, POST activates).
//
// # Phones, passcodes and the clock
//
// Pushes and calls are answered by the user's next script
// (srv.Phone("alice").Approve(2*time.Second)), else the device's Answer,
// else the server default (WithPhone, default Ignore: wait for srv.Answer or
// time out after 60 s, WithAnswerTimeout). Status sequences: push pushed →
// allow/deny/timeout/fraud; phone calling → answered → allow/deny (or
// timeout); sms deny/sent, then a passcode auth. Passcodes: single-use
// bypass codes, the last SMS batch (sms_nextcode is the first digit of the
// next code), Duo Mobile TOTP (RFC 6238, 30 s steps, ±1 step of Duo's clock,
// each step usable once) and HOTP tokens (10 presses look-ahead).
// srv.Phone(u).Passcode() computes at Duo's time plus the device's own skew,
// so SetClockSkew(3*time.Minute) yields codes Duo denies ("Incorrect
// passcode. Please try again.") while pushes still work; SetClockOffset
// moves Duo's clock, so a client that does not correct for it gets 40105.
// Ten wrong passcodes in a row lock a user out (WithLockout).
//
// # Faults
//
// AddFault installs rules by path (exact, prefix with "*", or all), Count
// or Probability: Fault429 (42901, optional Retry-After), Fault500, Fault503,
// FaultLatency, FaultBadJSON, FaultTruncated, FaultReset (TCP RST),
// FaultTLS (handshake aborted) and FaultTLSUnknownCA (a certificate nobody
// trusts). TLS faults hit the next handshakes whatever the path.
//
// # Control API
//
// For `duotui sim`, the server also answers an unsigned control API under
// /sim/v1, only to clients on loopback addresses (others get 403/40301).
// Parameters go in the query string or a form body; answers use Duo's
// envelope.
//
//	GET    /sim/v1/pending                          open pushes and calls: txid, username, device, factor, status, started, pushinfo…
//	POST   /sim/v1/answer?txid=T&action=A           answer one: A = approve, deny, fraud or ignore
//	POST   /sim/v1/phone/USER?action=A&after=2s     script USER's next push or call
//	POST   /sim/v1/phone/USER?skew=3m               set the clock skew of USER's phone
//	POST   /sim/v1/default?action=A&after=1s        how phones answer when nothing is scripted
//	GET    /sim/v1/passcode/USER                    {"passcode": the Duo Mobile code shown now}
//	POST   /sim/v1/token/USER                       {"passcode": the next code of USER's hardware token}
//	GET    /sim/v1/sms/USER                         {"passcodes": the unused codes of the last SMS batch}
//	POST   /sim/v1/activate?code=C                  activate an enrollment (as the phone scanning the QR code)
//	POST   /sim/v1/status/USER?status=S             set a user's status (active, bypass, disabled, locked out)
//	GET    /sim/v1/clock                            {"offset": "90s", "time": Duo's Unix time}
//	POST   /sim/v1/clock?offset=90s                 set Duo's clock offset
//	GET    /sim/v1/faults                           the fault rules in force
//	POST   /sim/v1/faults?path=P&kind=K&count=N&probability=F&latency=D&retry_after=D
//	DELETE /sim/v1/faults                           remove every fault rule
//
// Example: curl --cacert ca.pem -X POST "https://127.0.0.1:PORT/sim/v1/phone/alice?action=approve&after=2s"
//
// # duo_unix (login_duo, pam_duo)
//
// Duo's C client is served as it is: the /auth/v2 flow of duo_unix 2.x
// (X-Duo-Date, host signed without the port, text_prompt=1 menus,
// factor=prompt) and the /rest/v1 BSON flow of the 1.11 that Debian 12 ships
// (signed without a date). The certificate lists 127.0.0.1 and ::1 both as
// IP and as DNS names, because duo_unix 1.11 compares the host with DNS
// names only. WriteLoginDuoConf writes a ready 0600 configuration, so
// rehearsing a bastion's login is:
//
//	srv.WriteLoginDuoConf("/tmp/login_duo.conf", "/tmp/duotest-ca.pem", "failmode = secure")
//	login_duo -c /tmp/login_duo.conf -f alice true   # then approve: POST /sim/v1/pending → /sim/v1/answer
//
// It prints Duo's menu ("Duo two-factor login for alice … Passcode or option
// (1-3): "), runs the command when the push is approved, refuses on deny or
// a wrong passcode, prints the enrollment URL for a user without devices,
// and "Invalid ikey or skey" for a wrong key. duo_unix 1.11 does not retry a
// 429; 2.x honours Retry-After, which Fault429's RetryAfter sets.
//
// # Users
//
// Without WithUsers or WithGeneratedUsers a server holds SampleUsers (alice,
// bob, carol, … one per situation). GenerateUsers(n, seed) makes any number
// of realistic users deterministically; each user's Admin API JSON is cached,
// so 100 000 users page out in well under a second on loopback.
package duotest
