package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A user asks for a certificate that leads to one database (gate db login NAME --db-user U
 * --db-name D): auth checks the user's roles allow that database user and name on that database
 * (db_labels, db_users, db_names) before it signs, and the route goes into the certificate. The key
 * is the user's own (public half, PEM or OpenSSH form); the certificate never outlives the caller's.
 * Through the proxy: POST /v1/webapi/certs/db (the proxy forwards the caller's certificate); at
 * auth: POST /v1/certs/db.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SignDbRequest(String db, String dbUser, String dbName, String publicKey, String ttl) {
}
