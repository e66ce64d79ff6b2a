package dev.servicegov.gateway.config;

import java.util.List;

import dev.servicegov.gateway.balancer.InstanceChooser;
import dev.servicegov.gateway.consul.CatalogWatch;
import dev.servicegov.gateway.consul.HealthWatch;
import dev.servicegov.gateway.consul.HealthWatchRegistry;
import dev.servicegov.gateway.error.ErrorClassifier;
import dev.servicegov.gateway.error.OwnPaths;
import dev.servicegov.gateway.observe.GatewayMetrics;
import dev.servicegov.gateway.observe.UpstreamTries;
import dev.servicegov.gateway.routing.ErrorAnswers;
import dev.servicegov.gateway.routing.ForwardedHeaders;
import dev.servicegov.gateway.routing.RetryTargets;
import dev.servicegov.gateway.routing.RoutableServices;
import dev.servicegov.gateway.routing.ServiceProxy;
import dev.servicegov.gateway.settings.GatewayProperties;
import dev.servicegov.gateway.settings.Policy;
import org.eclipse.jetty.server.Handler;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts the service proxy in front of the gateway's own endpoints on its Jetty server: a request whose first path
 * segment names a service of Consul's catalog is forwarded, any other goes on to Spring WebFlux.
 */
@Configuration(proxyBeanMethods = false)
public class RoutingConfiguration {

    @Bean
    ServiceProxy serviceProxy(CatalogWatch catalog, HealthWatchRegistry watches, LoadBalancerClientFactory balancers,
            UpstreamTries tries, ErrorClassifier classifier, JsonMapper jsonMapper, GatewayMetrics metrics,
            GatewayProperties properties, OwnPaths ownPaths) {
        return new ServiceProxy(new RoutableServices(catalog::knows, ownPaths),
                new InstanceChooser(balancers, service -> properties.policyOf(service) == Policy.STICKY),
                new RetryTargets(service -> watches.existing(service).map(HealthWatch::current).orElse(List.of())), tries,
                new ForwardedHeaders(properties.proxy().trustedProxiesPattern()), classifier, new ErrorAnswers(jsonMapper, metrics),
                properties);
    }

    @Bean
    JettyServerCustomizer serviceProxyFirst(ServiceProxy serviceProxy) {
        return server -> server.setHandler(new Handler.Sequence(serviceProxy, server.getHandler()));
    }
}
