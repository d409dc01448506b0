package io.gatehouse.cli.gatectl;

import picocli.CommandLine;

/** gatectl's configured command tree, for tests in other packages. */
public final class GatectlTree {
    private GatectlTree() {
    }

    public static CommandLine commandLine() {
        return Main.commandLine();
    }
}
