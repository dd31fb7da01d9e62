package verify

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"os"
	"syscall"
)

// transportOutcome classifies a request that got no complete response.
func transportOutcome(ctx context.Context, err error) outcome {
	out := outcome{status: StatusUnknown, retry: true}
	if ctx.Err() != nil {
		// The run was cancelled or timed out; check says which.
		return out
	}
	out.detail, out.retry = describeTransportError(err)
	return out
}

// describeTransportError reduces err to a fixed phrase and says whether
// trying again could help. The phrase never quotes err: its text is not
// ours, and only fixed words are sure to keep secrets out of a Detail.
func describeTransportError(err error) (detail string, retry bool) {
	var (
		certErr      *tls.CertificateVerificationError
		unknownAuth  x509.UnknownAuthorityError
		hostnameErr  x509.HostnameError
		invalidCert  x509.CertificateInvalidError
		recordHeader tls.RecordHeaderError
		dnsErr       *net.DNSError
		netErr       net.Error
	)
	switch {
	case errors.As(err, &certErr), errors.As(err, &unknownAuth),
		errors.As(err, &hostnameErr), errors.As(err, &invalidCert):
		// Retrying will not change the certificate; a proxy that
		// intercepts HTTPS is the usual cause and worth saying.
		return "TLS certificate not trusted (is a proxy intercepting HTTPS?)", false
	case errors.As(err, &recordHeader):
		return "TLS handshake failed: the server did not answer with TLS", false
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return "DNS lookup failed: host not found", false
		}
		return "DNS lookup failed", true
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded),
		errors.As(err, &netErr) && netErr.Timeout():
		return "timeout", true
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused", true
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection reset", true
	default:
		return "connection error", true
	}
}
