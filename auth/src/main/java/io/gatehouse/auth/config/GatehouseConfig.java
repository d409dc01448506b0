package io.gatehouse.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Operator-facing settings of the Auth Service; every key is documented in deploy/examples/auth.yaml. */
@ConfigMapping(prefix = "gatehouse")
public interface GatehouseConfig {

    /** Defaults to the machine's host name. */
    Optional<String> clusterName();

    Path dataDir();

    Auth auth();

    Storage storage();

    interface Auth {
        @WithDefault("3025")
        int listenPort();

        /** host:port of the proxy's web endpoint, used in invite links. */
        @WithDefault("localhost:3080")
        String publicProxyAddr();

        /** Where the key-encryption key lives; env GATEHOUSE_KEK (base64) wins. Default: data-dir/kek. */
        Optional<Path> kekFile();

        /** Extra DNS names / IPs for the auth server's TLS certificate. */
        Optional<List<String>> serverNames();

        @WithDefault("12h")
        Duration defaultCertTtl();

        @WithDefault("1h")
        Duration inviteTtl();

        /** A browser session ends after this long without a call (its absolute end is the certificate's). */
        @WithDefault("30m")
        Duration webIdleTimeout();

        Lockout lockout();

        LoginLimits loginLimits();

        AccessRequests accessRequests();
    }

    interface AccessRequests {
        /**
         * Where each access request change is POSTed as JSON (a chat bot, a ticketing hook). Unset:
         * no notifications. Deliveries are retried with backoff for up to a day.
         */
        Optional<java.net.URI> webhookUrl();

        @WithDefault("5s")
        Duration webhookTimeout();
    }

    interface Lockout {
        @WithDefault("5")
        int maxAttempts();

        @WithDefault("30m")
        Duration duration();
    }

    /** Login attempts allowed per window, counted before any password is checked. */
    interface LoginLimits {
        @WithDefault("20")
        int perSource();

        @WithDefault("10")
        int perUser();

        @WithDefault("1m")
        Duration window();

        /** Logins from one source being checked at once (bcrypt); more at the same moment answer 429. */
        @WithDefault("2")
        int concurrentPerSource();

        /** Sources and user names remembered at most (each); the quietest is forgotten first. */
        @WithDefault("10000")
        int trackedKeys();
    }

    interface Storage {
        String host();

        int port();

        String database();

        String username();

        Optional<String> password();

        Optional<Path> passwordFile();
    }
}
