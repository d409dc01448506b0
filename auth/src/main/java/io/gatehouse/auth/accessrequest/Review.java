package io.gatehouse.auth.accessrequest;

import java.time.Instant;

/** One reviewer's decision on a request, with their reason. */
public record Review(String author, boolean approve, String reason, Instant at) {
}
