package io.gatehouse.shared.cert;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/**
 * Custom X.509 extensions under a private arc (unregistered, like Teleport's 1.3.9999): never
 * critical, so other TLS stacks ignore them. Values are UTF8Strings holding JSON.
 */
public final class GatehouseOids {
    public static final ASN1ObjectIdentifier ARC = new ASN1ObjectIdentifier("1.3.9999.1776");
    public static final ASN1ObjectIdentifier TRAITS = ARC.branch("1");
    public static final ASN1ObjectIdentifier LOGINS = ARC.branch("2");
    public static final ASN1ObjectIdentifier ROUTING = ARC.branch("3");
    public static final ASN1ObjectIdentifier ACTIVE_REQUEST = ARC.branch("4");
    public static final ASN1ObjectIdentifier PERMISSIONS = ARC.branch("5");
    public static final ASN1ObjectIdentifier SYSTEM_ROLES = ARC.branch("6");
    public static final ASN1ObjectIdentifier CLUSTER_NAME = ARC.branch("7");
    public static final ASN1ObjectIdentifier NODE_NAME = ARC.branch("8");
    public static final ASN1ObjectIdentifier PRINCIPALS = ARC.branch("9");
    public static final ASN1ObjectIdentifier PINNED_ADDR = ARC.branch("10");

    private GatehouseOids() {
    }
}
