package io.gatehouse.shared.resource;

/** The part of a resource its writer owns; one record per kind. */
public sealed interface Spec permits RoleSpec, UserSpec, TokenSpec, CertAuthoritySpec, OidcConnectorSpec,
        HostedSpec {
}
