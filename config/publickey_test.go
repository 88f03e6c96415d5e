package config

import (
	"strings"
	"testing"
)

func TestPublicKeyIsValidatedAndRequiredForHTTP(t *testing.T) {
	const good = "0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789abcdef"
	env := func(key string) func(string) string {
		return func(name string) string {
			if name == "DISCORD_PUBLIC_KEY" {
				return key
			}
			return ""
		}
	}
	c, _ := Load(env(good))
	if err := c.Validate(false); err != nil {
		t.Errorf("good key refused: %v", err)
	}
	if k := c.PublicKeyBytes(); len(k) != 32 || k[16] != 0x01 {
		t.Errorf("PublicKeyBytes = %x", k)
	}
	for key, want := range map[string]string{
		good[:62]:               "has 62 characters, want the 64 hex characters",
		good + "00":             "has 66 characters",
		strings.Repeat("g", 64): "is not hexadecimal",
		"0x" + good[2:]:         "is not hexadecimal",
		strings.Repeat("ab", 16) + " " + strings.Repeat("ab", 15) + "a": "is not hexadecimal",
	} {
		c, _ := Load(env(key))
		err := c.Validate(false)
		if err == nil || !strings.Contains(err.Error(), "DISCORD_PUBLIC_KEY: "+want) {
			t.Errorf("key %q: %v, want %q", key, err, want)
		}
		if c.PublicKeyBytes() != nil {
			t.Errorf("key %q decoded", key)
		}
	}
	c, _ = Load(env(""))
	err := c.ValidateHTTP()
	if err == nil || !strings.Contains(err.Error(), "DISCORD_PUBLIC_KEY: required with serve --http") || !strings.Contains(err.Error(), "DISCORD_APP_ID: required with serve --http") {
		t.Errorf("ValidateHTTP without key and app ID: %v", err)
	}
}
