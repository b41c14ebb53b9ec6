package send

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"duotui/duo"
)

func TestParsePushInfo(t *testing.T) {
	tests := []struct {
		name, in string
		want     url.Values
		err      string
	}{
		{"empty", "  ", nil, ""},
		{"commas", "Server=web1, Command=ssh deploy", url.Values{"Server": {"web1"}, "Command": {"ssh deploy"}}, ""},
		{"ampersands", "a=1&b=2", url.Values{"a": {"1"}, "b": {"2"}}, ""},
		{"empty value", "note=", url.Values{"note": {""}}, ""},
		{"repeated key", "ip=1, ip=2", url.Values{"ip": {"1", "2"}}, ""},
		{"no equals", "Server=web1, oops", nil, `"oops" is not`},
		{"no key", "=x", nil, `"=x" is not`},
		{"too long", "k=" + strings.Repeat("é", 4000), nil, "over Duo's limit of 20000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parsePushInfo(tc.in)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

func TestOffers(t *testing.T) {
	all := []duo.Capability{duo.CapAuto, duo.CapPush, duo.CapSMS, duo.CapPhone, duo.CapMobileOTP}
	tests := []struct {
		name string
		dev  duo.Device
		want []string
	}{
		{"smartphone", duo.Device{Type: "phone", Capabilities: all}, []string{"push", "call", "SMS", "passcode", "auto"}},
		{"landline", duo.Device{Type: "phone", Capabilities: []duo.Capability{duo.CapPhone}}, []string{"call"}},
		{"tablet", duo.Device{Type: "phone", Capabilities: []duo.Capability{duo.CapAuto, duo.CapPush, duo.CapMobileOTP}}, []string{"push", "passcode", "auto"}},
		{"basic mobile", duo.Device{Type: "phone", Capabilities: []duo.Capability{duo.CapPhone, duo.CapSMS}}, []string{"call", "SMS", "passcode"}},
		{"token", duo.Device{Type: "token"}, []string{"passcode"}},
		{"nothing", duo.Device{Type: "phone"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := offered(tc.dev); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("offered %q, want %q", got, tc.want)
			}
		})
	}
}

func TestTelephony(t *testing.T) {
	phone := duo.Device{Capabilities: []duo.Capability{duo.CapAuto, duo.CapPhone}}
	smart := duo.Device{Capabilities: []duo.Capability{duo.CapAuto, duo.CapPush, duo.CapPhone}}
	tests := []struct {
		name string
		dev  duo.Device
		f    duo.Factor
		want bool
	}{
		{"sms", smart, duo.FactorSMS, true},
		{"call", smart, duo.FactorPhone, true},
		{"push", smart, duo.FactorPush, false},
		{"auto pushes", smart, duo.FactorAuto, false},
		{"auto calls", phone, duo.FactorAuto, true},
		{"passcode", smart, duo.FactorPasscode, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := telephony(tc.dev, tc.f); got != tc.want {
				t.Errorf("telephony = %v, want %v", got, tc.want)
			}
		})
	}
}
