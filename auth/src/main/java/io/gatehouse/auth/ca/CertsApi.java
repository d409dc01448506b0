package io.gatehouse.auth.ca;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.CurrentCaller;
import io.gatehouse.shared.api.AppCertsResponse;
import io.gatehouse.shared.api.CaExport;
import io.gatehouse.shared.api.CertsResponse;
import io.gatehouse.shared.api.DbCertsResponse;
import io.gatehouse.shared.api.DbClientCertResponse;
import io.gatehouse.shared.api.DbServerCertsResponse;
import io.gatehouse.shared.api.HostCertsResponse;
import io.gatehouse.shared.api.RenewHostRequest;
import io.gatehouse.shared.api.SignAppRequest;
import io.gatehouse.shared.api.SignDbClientRequest;
import io.gatehouse.shared.api.SignDbRequest;
import io.gatehouse.shared.api.SignDbServerRequest;
import io.gatehouse.shared.api.SignHostRequest;
import io.gatehouse.shared.api.SignUserRequest;
import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.Keys;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;

/** Certificate signing for automation (gatectl auth sign) and CA export (gatectl auth export). */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CertsApi {
    private final CurrentCaller caller;
    private final CertificateSigning signing;
    private final CertificateAuthorities cas;
    private final DbLoginCertificates dbLogins;
    private final DbClientCertificates dbClients;
    private final AppLoginCertificates appLogins;

    public CertsApi(CurrentCaller caller, CertificateSigning signing, CertificateAuthorities cas,
            DbLoginCertificates dbLogins, DbClientCertificates dbClients, AppLoginCertificates appLogins) {
        this.caller = caller;
        this.signing = signing;
        this.cas = cas;
        this.dbLogins = dbLogins;
        this.dbClients = dbClients;
        this.appLogins = appLogins;
    }

    @POST
    @Path("certs/user")
    public Uni<CertsResponse> signUser(SignUserRequest request) {
        return signing.signUser(caller.get(), request);
    }

    @POST
    @Path("certs/host")
    public Uni<HostCertsResponse> signHost(SignHostRequest request) {
        return signing.signHost(caller.get(), request);
    }

    /**
     * A host renews its own certificates before they expire, proving itself with the current ones
     * (mutual TLS): nothing in the identity changes but the key and the validity, so a host cannot
     * widen its rights this way, and a host whose certificate has expired must join again.
     */
    @POST
    @Path("certs/host/renew")
    public Uni<HostCertsResponse> renewHost(RenewHostRequest request) {
        return signing.renewHost(caller.get(), request);
    }

    @POST
    @Path("certs/db-server")
    public Uni<DbServerCertsResponse> signDbServer(SignDbServerRequest request) {
        return signing.signDbServer(caller.get(), request);
    }

    /** gate db login: a user's certificate routed to one database, as far as their roles allow. */
    @POST
    @Path("certs/db")
    public Uni<DbCertsResponse> signDb(SignDbRequest request) {
        return dbLogins.sign(caller.get(), request);
    }

    /** An agent's client certificate for a database it serves (certificate auth to the database). */
    @POST
    @Path("certs/db-client")
    public Uni<DbClientCertResponse> signDbClient(SignDbClientRequest request) {
        return dbClients.sign(caller.get(), request);
    }

    /** gate apps login: a user's certificate routed to one app, if their roles allow it. */
    @POST
    @Path("certs/app")
    public Uni<AppCertsResponse> signApp(SignAppRequest request) {
        return appLogins.sign(caller.get(), request);
    }

    /** Public halves only; any authenticated caller may read them (they are what clients must trust). */
    @GET
    @Path("cas/{type}")
    public CaExport export(@PathParam("type") String type) {
        caller.get();
        CaType ca = CaType.fromId(type).orElseThrow(() -> ApiException.invalid("unknown CA type '" + type
                + "'; known: " + Arrays.stream(CaType.values()).map(CaType::id).toList()));
        ClusterCa c = cas.get(ca);
        return new CaExport(ca.id(), c.clusterName(), List.of(c.sshPublicKey()),
                List.of(Keys.certificateToPem(c.tlsCertificate())));
    }

}
