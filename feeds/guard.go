package feeds

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// ErrPrivateAddress reports a fetch refused because the host resolves to a
// loopback, private, link-local or otherwise non-public address: a feed's
// item links come from outsiders, and must not reach the machine's own
// network (a cloud metadata service, an internal dashboard).
var ErrPrivateAddress = errors.New("refused: not a public address")

// carrierNAT is 100.64.0.0/10, shared address space that is not public.
var carrierNAT = netip.MustParsePrefix("100.64.0.0/10")

// publicOnly is a net.Dialer Control that refuses non-public addresses. It
// runs on the address actually dialled, after DNS and on every redirect.
func publicOnly(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrPrivateAddress, host)
	}
	ip = ip.Unmap()
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsUnspecified() || ip.IsMulticast() || ip.IsInterfaceLocalMulticast() || carrierNAT.Contains(ip) {
		return fmt.Errorf("%w: %s", ErrPrivateAddress, ip)
	}
	return nil
}

// newClient is the HTTP client feeds and pages are fetched with; unless
// allowPrivate, it dials public addresses only.
func newClient(allowPrivate bool) *http.Client {
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	if !allowPrivate {
		d.Control = publicOnly
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = d.DialContext
	t.Proxy = nil // a proxy would dial on our behalf, past the check
	return &http.Client{Timeout: fetchTimeout, Transport: t}
}
