package io.gatehouse.rdp.transport;

import java.security.cert.CertificateException;

/** The server's certificate is not the desktop's: the JDK aborts the handshake with it as the cause. */
final class UntrustedCertificateException extends CertificateException {
    UntrustedCertificateException(String message) {
        super(message);
    }

    UntrustedCertificateException(String message, Throwable cause) {
        super(message, cause);
    }
}
