package io.gatehouse.e2e.support;

import java.nio.file.Path;

/** Where the checkout is (the e2e module runs one level below it), apart from Cluster so benches need no e2e login. */
public final class Repo {
    public static final Path ROOT = Path.of(System.getProperty("gatehouse.repo", "..")).toAbsolutePath().normalize();

    private Repo() {
    }
}
