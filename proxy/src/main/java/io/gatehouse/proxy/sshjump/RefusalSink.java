package io.gatehouse.proxy.sshjump;

/** Where the jump host reports each connection it refuses (auth's audit log, in the proxy). */
@FunctionalInterface
public interface RefusalSink {
    /** @param target the node asked for, or null when refused at authentication */
    void refused(String user, String target, String reason, String remoteAddress);
}
