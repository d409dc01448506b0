package io.gatehouse.rdp;

import io.gatehouse.rdp.RdpConnectException.Reason;

/** How a session that ended before it became active is reported to connect()'s caller. */
final class ConnectFailure {
    private ConnectFailure() {
    }

    static RdpConnectException of(RdpClosed why) {
        Reason reason = switch (why.reason()) {
            case LOGON_FAILED -> Reason.LOGON_FAILED;
            case NETWORK -> why.message().contains("did not answer") ? Reason.TIMEOUT : Reason.PROTOCOL;
            default -> Reason.PROTOCOL;
        };
        return new RdpConnectException(reason, why.message());
    }
}
