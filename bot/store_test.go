package bot

import "testing"

func TestKeyStoreDropsTheOldest(t *testing.T) {
	s := newKeyStore[string](2)
	a, b, c := newKey(), newKey(), newKey()
	s.set(a, "a")
	s.set(b, "b")
	s.set(c, "c")
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

func TestKeyStoreSetReplacesAndDropsTheOldestKey(t *testing.T) {
	s := newKeyStore[string](2)
	s.set("thread-1", "first question")
	s.set("thread-2", "a question")
	s.set("thread-1", "follow-up")
	if got, _ := s.get("thread-1"); got != "follow-up" {
		t.Errorf("get(thread-1) = %q after a second set; want the follow-up", got)
	}
	s.set("thread-3", "another")
	if _, ok := s.get("thread-1"); ok {
		t.Error("setting a key again made it younger: the oldest key is still kept beyond max")
	}
	if got, ok := s.get("thread-2"); !ok || got != "a question" {
		t.Errorf("get(thread-2) = %q, %v; want it kept", got, ok)
	}
}
