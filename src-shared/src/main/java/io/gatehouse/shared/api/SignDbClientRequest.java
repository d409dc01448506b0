package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * An agent asks for a short-lived client certificate to log in to a database it serves, as
 * {@code dbUser} (the certificate's CN): auth signs it with the database client CA only if the
 * calling agent (its host id, from its certificate) announces a database named {@code db} with
 * certificate auth. POST /v1/certs/db-client.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SignDbClientRequest(String db, String dbUser, String publicKey) {
}
