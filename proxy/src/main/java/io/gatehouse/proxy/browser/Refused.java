package io.gatehouse.proxy.browser;

/**
 * The proxy's own refusal of a browser socket's target (not found, offline, access denied), with
 * the code the page gets: thrown from {@link BrowserConnection#open}, audited and sent by the bridge.
 */
public final class Refused extends RuntimeException {
    private final String code;

    public Refused(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
