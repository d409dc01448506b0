package io.gatehouse.rdp;

import io.gatehouse.rdp.connection.X224;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and as whom to connect. {@code colorDepth} is 16, 24 or 32 (xrdp answers 32 with planar
 * bitmaps and 15/16/24 with interleaved RLE); {@code bitmapCompression} false asks for raw bitmaps.
 * {@code timeout} bounds each step of the connection sequence. {@code trust} decides whether the
 * server's TLS certificate is the desktop's, {@code security} which security protocols the engine
 * accepts; both are checked before the credential leaves.
 */
public record RdpSettings(String host, int port, String username, String password, String domain, int width,
        int height, int colorDepth, boolean bitmapCompression, Duration timeout, ServerTrust trust,
        Security security) {

    /** The security protocols (MS-RDPBCGR 2.2.1.1.1) the engine offers and accepts. */
    public enum Security {
        /** TLS or NLA, whichever the desktop picks (it picks NLA when it has it). */
        NEGOTIATE(X224.PROTOCOL_SSL | X224.PROTOCOL_HYBRID),
        /**
         * NLA (CredSSP) only: a desktop, or anything in the middle, that answers with TLS-only is
         * refused at the negotiation, before TLS and before any credential.
         */
        NLA(X224.PROTOCOL_HYBRID),
        /** TLS only, for desktops without NLA (xrdp 0.9). */
        TLS(X224.PROTOCOL_SSL);

        private final int requested;

        Security(int requested) {
            this.requested = requested;
        }

        /** The requestedProtocols of the X.224 Connection Request. */
        public int requested() {
            return requested;
        }

        /** Whether the server's selectedProtocol is one this setting takes (HYBRID_EX counts as NLA). */
        public boolean accepts(int selected) {
            int asRequested = selected == X224.PROTOCOL_HYBRID_EX ? X224.PROTOCOL_HYBRID : selected;
            return asRequested != X224.PROTOCOL_RDP && Integer.bitCount(asRequested) == 1
                    && (requested & asRequested) != 0;
        }
    }

    public RdpSettings {
        if (width < 200 || width > 8192 || height < 200 || height > 8192) {
            throw new IllegalArgumentException("desktop size " + width + "x" + height + " is out of range (200..8192)");
        }
        if (colorDepth != 15 && colorDepth != 16 && colorDepth != 24 && colorDepth != 32) {
            throw new IllegalArgumentException("colour depth " + colorDepth + " is not one of 15, 16, 24, 32");
        }
        // No default: a caller that forgot to decide must not end up trusting any certificate.
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(security, "security");
    }

    /** The same connection at another desktop size (a resize reconnects). */
    public RdpSettings withSize(int newWidth, int newHeight) {
        return new RdpSettings(host, port, username, password, domain, newWidth, newHeight, colorDepth,
                bitmapCompression, timeout, trust, security);
    }

    @Override
    public String toString() {
        // never the password
        return "RdpSettings[" + username + "@" + host + ":" + port + ", " + width + "x" + height + "x" + colorDepth
                + ", " + security + "]";
    }
}
