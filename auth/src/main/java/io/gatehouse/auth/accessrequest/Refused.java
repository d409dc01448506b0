package io.gatehouse.auth.accessrequest;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.audit.AuditEvent;

/**
 * A refusal found inside a transaction: the transaction rolls back, so its audit event is written
 * afterwards, on its own (AccessRequestService.inTransaction), and the user gets {@code error}.
 */
final class Refused extends RuntimeException {
    final ApiException error;
    final AuditEvent event;

    Refused(ApiException error, AuditEvent event) {
        super(error.getMessage(), null, false, false);
        this.error = error;
        this.event = event;
    }
}
