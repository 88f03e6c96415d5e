package bot

import "testing"

func TestKeyStoreDropsTheOldest(t *testing.T) {
	s := newKeyStore[string](2)
	a, b, c := s.put("a"), s.put("b"), s.put("c")
	if _, ok := s.get(a); ok {
		t.Error("the oldest value is still kept beyond max")
	}
	for key, want := range map[string]string{b: "b", c: "c"} {
		if got, ok := s.get(key); !ok || got != want {
			t.Errorf("get(%s) = %q, %v; want %q", key, got, ok, want)
		}
	}
	if a == b || b == c {
		t.Error("keys repeat")
	}
}
