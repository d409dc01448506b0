package io.gatehouse.proxy.app;

import io.gatehouse.proxy.routing.Route;
import io.gatehouse.proxy.service.ServiceCaller;
import io.gatehouse.proxy.service.ServicePipe;
import io.gatehouse.shared.resource.AppSpec;
import io.gatehouse.shared.tunnel.ServiceChannels;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Optional;
import javax.net.ssl.SSLSocket;

/**
 * gatehouse-app-tcp on the web port: a TCP app's stream inside TLS that presents the user's app
 * certificate (gate proxy app). The proxy answers with one decision frame (ServiceChannels': '+',
 * or '-' and a reason gate shows), then moves bytes both ways without looking at them.
 */
final class AppTcpFront implements Route.StreamHandler {
    private final AppGate gate;
    private final Clock clock;

    AppTcpFront(AppGate gate, Clock clock) {
        this.gate = gate;
        this.clock = clock;
    }

    @Override
    public void serve(SSLSocket socket, String remote) throws IOException {
        OutputStream out = socket.getOutputStream();
        AppGate.Admitted admitted;
        ServiceChannels.Opened agent;
        try {
            Optional<ServiceCaller> caller = ServiceCaller.of(socket.getSession(), clock, "app", "gate apps login");
            admitted = gate.admit(caller.orElseThrow(() -> gate.refuse("", "", "a client certificate is required: "
                    + "connect with gate proxy app NAME, which presents the one gate apps login writes", remote)),
                    AppSpec.TCP, remote);
            agent = gate.open(admitted, remote);
        } catch (ServiceCaller.Refused e) {
            gate.refuse(e.user(), "", e.getMessage(), remote);
            refuse(out, e.getMessage());
            return;
        } catch (AppGate.Refused | ServiceChannels.RefusedException e) {
            refuse(out, e.getMessage());
            return;
        }
        try {
            ServiceChannels.writeDecision(out, new ServiceChannels.Serve((in, o) -> { }));
        } catch (IOException e) {
            agent.close();
            throw e;
        }
        ServicePipe.both(socket, socket.getInputStream(), out, agent, ServicePipe.BYTES);
    }

    private static void refuse(OutputStream out, String reason) throws IOException {
        ServiceChannels.writeDecision(out, new ServiceChannels.Refused(reason));
    }
}
