package dev.servicegov.gateway.routing;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpHandler;

import dev.servicegov.gateway.balancer.InstanceChooser;
import dev.servicegov.gateway.error.ErrorClassifier;
import dev.servicegov.gateway.instances.InFlightRequests;
import dev.servicegov.gateway.instances.InstanceQuarantine;
import dev.servicegov.gateway.observe.GatewayMetrics;
import dev.servicegov.gateway.observe.RecentRequests;
import dev.servicegov.gateway.observe.UpstreamTries;
import dev.servicegov.gateway.settings.GatewayProperties;
import dev.servicegov.gateway.settings.Policy;
import dev.servicegov.gateway.settings.ProxySettings;
import dev.servicegov.gateway.settings.WatchSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.util.unit.DataSize;

/**
 * The gateway's {@link ServiceProxy} alone on a Jetty server, without Consul, routing one service to its one instance:
 * an in-process HTTP server that counts the requests it gets.
 */
final class ProxyOnJetty implements AutoCloseable {

    final ServiceInstance instance;
    final AtomicInteger instanceHits;
    final InFlightRequests inFlight = new InFlightRequests();
    final InstanceQuarantine quarantine = new InstanceQuarantine(Duration.ofSeconds(10), Clock.systemUTC());
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final RecentRequests recent = new RecentRequests(10);
    private final InstanceServer instanceServer;
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    /** The gateway's proxy, on the server. */
    final ServiceProxy proxy;

    /**
     * @param service the service's name, the first segment of the paths routed to it
     * @param instanceAnswer how its instance answers each request
     * @param maxBufferedBody {@code gateway.proxy.max-buffered-body}
     */
    ProxyOnJetty(String service, HttpHandler instanceAnswer, DataSize maxBufferedBody) throws Exception {
        this(service, instanceAnswer, maxBufferedBody, Duration.ofSeconds(30), null);
    }

    /**
     * @param responseTimeout {@code gateway.proxy.response-timeout}
     * @param idleTimeout the idle timeout of the proxy's HTTP client and of its server's connector, or {@code null} for
     *     Jetty's (30 s)
     */
    ProxyOnJetty(String service, HttpHandler instanceAnswer, DataSize maxBufferedBody, Duration responseTimeout,
            Duration idleTimeout) throws Exception {
        this(service, InstanceServer.answering(instanceAnswer), maxBufferedBody, responseTimeout, idleTimeout);
    }

    /**
     * @param instanceServer the service's one instance, started
     */
    ProxyOnJetty(String service, InstanceServer instanceServer, DataSize maxBufferedBody, Duration responseTimeout,
            Duration idleTimeout) throws Exception {
        this.instanceServer = instanceServer;
        this.instanceHits = instanceServer.hits();
        int instancePort = instanceServer.port();
        instance = new DefaultServiceInstance(service + "-1", service, "127.0.0.1", instancePort, false);
        InstanceChooser chooser = mock(InstanceChooser.class);
        // reads the request's data, as the sticky policy's chooser does, so that every request's is read in these tests
        when(chooser.choose(eq(instance.getServiceId()), any(), any(), any())).thenAnswer(call -> {
            call.<Supplier<RequestData>>getArgument(2).get();
            return Mono.just(instance);
        });
        GatewayMetrics metrics = new GatewayMetrics(meters);
        UpstreamTries tries = new UpstreamTries(inFlight, quarantine, metrics, recent);
        proxy = new ServiceProxy(instance.getServiceId()::equals, chooser,
                new RetryTargets(name -> List.of(instance), quarantine, (name, header, instances) -> instances), tries,
                new ForwardedHeaders(Pattern.compile("127\\.0\\.0\\.1")), new ErrorClassifier(),
                new ErrorAnswers(JsonMapper.builder().build(), metrics), properties(maxBufferedBody, responseTimeout)) {

            @Override
            protected void configureHttpClient(HttpClient httpClient) {
                super.configureHttpClient(httpClient);
                if (idleTimeout != null) {
                    httpClient.setIdleTimeout(idleTimeout.toMillis());
                }
            }
        };
        connector.setHost("127.0.0.1");
        if (idleTimeout != null) {
            connector.setIdleTimeout(idleTimeout.toMillis());
        }
        server.addConnector(connector);
        server.setHandler(proxy);
        server.start();
    }

    private static GatewayProperties properties(DataSize maxBufferedBody, Duration responseTimeout) {
        WatchSettings watch = new WatchSettings(Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofSeconds(2), Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(60), true, 128);
        ProxySettings proxy = new ProxySettings(Duration.ofSeconds(2), responseTimeout, 2, "127\\.0\\.0\\.1",
                maxBufferedBody, Duration.ofHours(1), DataSize.ofKilobytes(64), 512);
        return new GatewayProperties(proxy, "X-Served-By", Duration.ofSeconds(10), Policy.ROUND_ROBIN, "weight", watch,
                10, Map.of(), Set.of("consul"), null);
    }

    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
        instanceServer.close();
    }
}
