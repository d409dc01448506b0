package io.gatehouse.proxy.terminal;

/** Which node, as which login, with which window size: validated before the upgrade. */
record TerminalRequest(String node, String login, int cols, int rows) {
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._@-]{0,252}";
    private static final String LOGIN = "[a-z_][a-z0-9_.-]{0,31}\\$?";

    static TerminalRequest parse(String node, String login, String cols, String rows) {
        if (node == null || !node.matches(NAME)) {
            throw new IllegalArgumentException("'node' must name a node (as listed on the resources page)");
        }
        if (login == null || !login.matches(LOGIN)) {
            throw new IllegalArgumentException("'login' must be a Unix login name, one the node lists for you");
        }
        return new TerminalRequest(node, login, size("cols", cols, 80, 1000), size("rows", rows, 24, 500));
    }

    private static int size(String name, String value, int fallback, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < 1 || n > max) {
                throw new IllegalArgumentException("'" + name + "' must be between 1 and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + name + "' must be a number");
        }
    }
}
