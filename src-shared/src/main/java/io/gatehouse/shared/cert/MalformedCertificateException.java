package io.gatehouse.shared.cert;

/**
 * A certificate (or the identity inside it) could not be read: the one error that the certificate
 * parsers let out on untrusted bytes. An IllegalArgumentException so that callers which already
 * refuse bad input that way keep doing so.
 */
public final class MalformedCertificateException extends IllegalArgumentException {
    public MalformedCertificateException(String message) {
        super(message);
    }

    public MalformedCertificateException(String message, Throwable cause) {
        super(message, cause);
    }
}
