package config

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
)

// checkPublicKey accepts an Ed25519 public key in hex: 64 hex characters.
func checkPublicKey(key string) error {
	if len(key) != 2*ed25519.PublicKeySize {
		return fmt.Errorf("DISCORD_PUBLIC_KEY: has %d characters, want the 64 hex characters of the application's public key", len(key))
	}
	if _, err := hex.DecodeString(key); err != nil {
		return errors.New("DISCORD_PUBLIC_KEY: is not hexadecimal (want the 64 hex characters of the application's public key)")
	}
	return nil
}

// ValidateHTTP reports what serve --http needs beyond Validate(true): the
// application's public key, which signs the interactions, and its ID,
// which no gateway READY supplies.
func (c Config) ValidateHTTP() error {
	var problems []error
	if c.PublicKey == "" {
		problems = append(problems, errors.New("DISCORD_PUBLIC_KEY: required with serve --http (the application's public key from the Discord developer portal)"))
	}
	if c.AppID == "" {
		problems = append(problems, errors.New("DISCORD_APP_ID: required with serve --http (there is no gateway READY to take it from)"))
	}
	return errors.Join(problems...)
}

// PublicKeyBytes is PublicKey decoded, nil when it is unset or invalid.
func (c Config) PublicKeyBytes() ed25519.PublicKey {
	if checkPublicKey(c.PublicKey) != nil {
		return nil
	}
	b, _ := hex.DecodeString(c.PublicKey)
	return ed25519.PublicKey(b)
}
