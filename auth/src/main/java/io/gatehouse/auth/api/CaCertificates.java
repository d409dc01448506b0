package io.gatehouse.auth.api;

import io.gatehouse.shared.cert.CaType;
import java.security.cert.X509Certificate;

/**
 * The CA certificates a caller's client certificate must chain to. The API layer needs only this
 * much of the certificate authorities (which sit above it and use its errors and callers).
 */
public interface CaCertificates {
    X509Certificate tlsCertificate(CaType type);
}
