package dev.servicegov.gateway.config;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import dev.servicegov.gateway.balancer.InstanceChooser;
import dev.servicegov.gateway.balancer.ServiceBalancerContexts;
import dev.servicegov.gateway.consul.CatalogWatch;
import dev.servicegov.gateway.consul.HealthWatch;
import dev.servicegov.gateway.consul.HealthWatchRegistry;
import dev.servicegov.gateway.error.ErrorClassifier;
import dev.servicegov.gateway.error.OwnPaths;
import dev.servicegov.gateway.instances.InstanceQuarantine;
import dev.servicegov.gateway.observe.GatewayMetrics;
import dev.servicegov.gateway.observe.UpstreamTries;
import dev.servicegov.gateway.routing.ErrorAnswers;
import dev.servicegov.gateway.routing.ForwardedHeaders;
import dev.servicegov.gateway.routing.RefusedRequestAnswers;
import dev.servicegov.gateway.routing.RetryTargets;
import dev.servicegov.gateway.routing.RoutableServices;
import dev.servicegov.gateway.routing.ServiceProxy;
import dev.servicegov.gateway.routing.WebSocketRoutes;
import dev.servicegov.gateway.settings.GatewayProperties;
import dev.servicegov.gateway.settings.Policy;
import io.netty.channel.ChannelOption;
import io.netty.resolver.DefaultAddressResolverGroup;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.JettyRequestUpgradeStrategy;

/**
 * Puts the service proxy in front of the gateway's own endpoints on its Jetty server: a request whose first path
 * segment names a service of Consul's catalog is forwarded, any other goes on to Spring WebFlux.
 */
@Configuration(proxyBeanMethods = false)
public class RoutingConfiguration {

    private static final UriCompliance PATHS_AS_THEY_CAME = UriCompliance.DEFAULT.with("PATHS_AS_THEY_CAME",
            UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
            UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT);

    @Bean
    InstanceChooser instanceChooser(ServiceBalancerContexts balancers, GatewayProperties properties) {
        return new InstanceChooser(balancers, service -> properties.policyOf(service) == Policy.STICKY, balancers);
    }

    @Bean
    RoutableServices routableServices(CatalogWatch catalog, OwnPaths ownPaths) {
        return new RoutableServices(catalog::knows, ownPaths);
    }

    @Bean
    ForwardedHeaders forwardedHeaders(GatewayProperties properties) {
        return new ForwardedHeaders(properties.proxy().trustedProxiesPattern());
    }

    @Bean
    ServiceProxy serviceProxy(RoutableServices routable, InstanceChooser chooser, HealthWatchRegistry watches,
            UpstreamTries tries, ForwardedHeaders forwardedHeaders, ErrorClassifier classifier, ErrorAnswers errorAnswers,
            GatewayProperties properties, InstanceQuarantine quarantine) {
        return new ServiceProxy(routable, chooser,
                new RetryTargets(service -> watches.existing(service).map(HealthWatch::current).orElse(List.of()),
                        quarantine, chooser::narrowedByHint), tries, forwardedHeaders, classifier, errorAnswers, properties);
    }

    /** WebSocket upgrades, which Jetty's proxy handler does not carry, through WebFlux and Reactor Netty's client. */
    @Bean
    WebSocketRoutes webSocketRoutes(RoutableServices routable, InstanceChooser chooser, ForwardedHeaders forwardedHeaders,
            HandshakeWebSocketService webSocketCallers, GatewayProperties properties, InstanceQuarantine quarantine,
            ErrorClassifier classifier, GatewayMetrics metrics) {
        // a connection of its own for each WebSocket, no pool: a WebSocket holds its connection for its whole life, so a
        // pool gives nothing back, caps how many are open at once per instance and keeps one pool per address for good;
        // instance addresses resolved by the JVM, as the proxy's Jetty client resolves them
        HttpClient toInstances = HttpClient.newConnection().resolver(DefaultAddressResolverGroup.INSTANCE)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.proxy().connectTimeout().toMillis());
        // an instance's pings go to the caller, whose pongs keep the instance's side alive
        ReactorNettyWebSocketClient client = new ReactorNettyWebSocketClient(toInstances,
                () -> WebsocketClientSpec.builder().handlePing(true)
                        .maxFramePayloadLength(properties.proxy().websocketMaxMessageBytes()));
        return new WebSocketRoutes(routable, chooser, client, webSocketCallers, forwardedHeaders, properties, quarantine,
                classifier, metrics);
    }

    /** Accepts callers' WebSockets on the gateway's Jetty server (servlet), with the gateway's idle timeout and sizes. */
    @Bean
    HandshakeWebSocketService webSocketCallers(GatewayProperties properties) {
        JettyRequestUpgradeStrategy jetty = new JettyRequestUpgradeStrategy();
        long maxMessage = properties.proxy().websocketMaxMessageBytes();
        jetty.addWebSocketConfigurer(socket -> {
            socket.setIdleTimeout(properties.proxy().websocketIdleTimeout());
            socket.setMaxTextMessageSize(maxMessage);
            socket.setMaxBinaryMessageSize(maxMessage);
            socket.setMaxFrameSize(maxMessage);
        });
        return new HandshakeWebSocketService(jetty);
    }

    @Bean
    ErrorAnswers errorAnswers(JsonMapper jsonMapper, GatewayMetrics metrics) {
        return new ErrorAnswers(jsonMapper, metrics);
    }

    @Bean
    JettyServerCustomizer serviceProxyFirst(ServiceProxy serviceProxy, ErrorClassifier classifier, ErrorAnswers errorAnswers) {
        return server -> {
            server.setHandler(new Handler.Sequence(serviceProxy, server.getHandler()));
            server.setErrorHandler(new RefusedRequestAnswers(classifier, errorAnswers));
        };
    }

    /**
     * Paths reach the instances as they came, as nginx passes them: an encoded {@code /} ({@code %2F}, as in GitLab's
     * {@code /projects/group%2Fproject}), an encoded {@code %} ({@code 100%25}) and an empty segment ({@code //}) are
     * the instance's to read. Jetty's default refuses them with a 400 as ambiguous; the gateway routes by the first
     * segment only and never decodes the rest, so they are not ambiguous to it. Encoded dot segments ({@code %2e%2e})
     * stay refused: they would step out of the path the prefix leaves.
     */
    @Bean
    JettyServerCustomizer pathsAsTheyCame() {
        return server -> Arrays.stream(server.getConnectors())
                .map(connector -> connector.getConnectionFactory(HttpConnectionFactory.class))
                .filter(Objects::nonNull)
                .forEach(http -> http.getHttpConfiguration().setUriCompliance(PATHS_AS_THEY_CAME));
    }
}
