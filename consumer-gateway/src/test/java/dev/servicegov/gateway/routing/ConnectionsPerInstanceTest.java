package dev.servicegov.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * {@code gateway.proxy.max-connections-per-instance} (512 in these tests, as by default) sizes the proxy's client: with
 * Jetty's own 64, a 65th long poll to one instance would wait in the gateway for another to end.
 */
class ConnectionsPerInstanceTest {

    private static ProxyOnJetty gateway() throws Exception {
        return new ProxyOnJetty("poll", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        }, DataSize.ofKilobytes(64));
    }

    @Test
    void theProxysClientOpensAsManyConnectionsToAnInstanceAsTheSettingSays() throws Exception {
        try (ProxyOnJetty gateway = gateway()) {
            assertThat(gateway.proxy.getHttpClient().getMaxConnectionsPerDestination()).isEqualTo(512);
        }
    }

    /** Instances come and go with addresses of their own: what the client holds for each must go with them. */
    @Test
    void theProxysClientLetsGoOfAnInstancesAddressOnceItHasNoConnectionLeft() throws Exception {
        try (ProxyOnJetty gateway = gateway()) {
            assertThat(gateway.proxy.getHttpClient().getDestinationIdleTimeout())
                    .as("Jetty's 0 keeps every address for good")
                    .isEqualTo(ServiceProxy.DESTINATION_IDLE_TIMEOUT.toMillis()).isPositive();
        }
    }
}
