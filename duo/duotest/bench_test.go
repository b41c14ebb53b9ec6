package duotest

import (
	"crypto/hmac"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// BenchmarkUsersPaging100k loads all 100 000 users through GET
// /admin/v1/users, 300 a page, with a plain signed HTTP loop that decodes
// every user: the client budget is 3 s for the lot on loopback.
func BenchmarkUsersPaging100k(b *testing.B) {
	const total = 100_000
	start := time.Now()
	srv := NewServer(b, WithUsers(), WithGeneratedUsers(total, 1))
	b.Logf("server with %d users ready in %v", total, time.Since(start))
	client := srv.HTTPClient()
	// decode=users decodes every field of every user, as a full client
	// would; decode=none only reads the bytes, which isolates the
	// simulator's and the transport's share.
	b.Run("decode=users", func(b *testing.B) {
		for b.Loop() {
			if got := loadAll(b, srv, client, true); got != total {
				b.Fatalf("loaded %d users, want %d", got, total)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/100k-users")
	})
	b.Run("decode=none", func(b *testing.B) {
		var bytes int64
		for b.Loop() {
			bytes = 0
			for offset := 0; offset < total; offset += maxPageLimit {
				n, err := signedGetRaw(srv, client, "/admin/v1/users", "limit=300&offset="+strconv.Itoa(offset))
				if err != nil {
					b.Fatal(err)
				}
				bytes += n
			}
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/100k-users")
		b.ReportMetric(float64(bytes)/1e6, "MB/100k-users")
	})
}

func signedGetRaw(srv *Server, client *http.Client, path, query string) (int64, error) {
	resp, err := client.Do(signedRequest(srv, path, query))
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return io.Copy(io.Discard, resp.Body)
}

func loadAll(b *testing.B, srv *Server, client *http.Client, full bool) int {
	got := 0
	for offset := 0; offset >= 0; {
		var page struct {
			Stat     string          `json:"stat"`
			Response json.RawMessage `json:"response"`
			Metadata struct {
				NextOffset *int `json:"next_offset"`
			} `json:"metadata"`
		}
		if err := signedGet(srv, client, "/admin/v1/users", "limit=300&offset="+strconv.Itoa(offset), &page); err != nil {
			b.Fatal(err)
		}
		var users []json.RawMessage
		if full {
			var typed []adminUserJSON
			if err := json.Unmarshal(page.Response, &typed); err != nil {
				b.Fatal(err)
			}
			got += len(typed)
		} else {
			if err := json.Unmarshal(page.Response, &users); err != nil {
				b.Fatal(err)
			}
			got += len(users)
		}
		offset = -1
		if page.Metadata.NextOffset != nil {
			offset = *page.Metadata.NextOffset
		}
	}
	return got
}

// signedGet is the smallest correct Duo client: v2 HMAC-SHA512 over a
// canonical query (already in canonical order here).
func signedGet(srv *Server, client *http.Client, path, query string, v any) error {
	resp, err := client.Do(signedRequest(srv, path, query))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("HTTP %d: %s", resp.StatusCode, b)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

func signedRequest(srv *Server, path, query string) *http.Request {
	date := srv.Now().UTC().Format(time.RFC1123Z)
	mac := hmac.New(sha512.New, []byte(srv.AdminSKey))
	mac.Write([]byte(date + "\nGET\n" + srv.Host + "\n" + path + "\n" + query))
	req, err := http.NewRequest(http.MethodGet, srv.URL+path+"?"+query, nil)
	if err != nil {
		panic(err)
	}
	req.Header.Set("Date", date)
	req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(srv.AdminIKey+":"+hex.EncodeToString(mac.Sum(nil)))))
	return req
}
