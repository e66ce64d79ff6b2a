package dev.servicegov.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import dev.servicegov.gateway.balancer.InstanceChooser;
import dev.servicegov.gateway.consul.CatalogWatch;
import dev.servicegov.gateway.consul.ConsulClient;
import dev.servicegov.gateway.consul.ConsulReachability;
import dev.servicegov.gateway.consul.ConsulTrust;
import dev.servicegov.gateway.consul.ConsulWatchHealthIndicator;
import dev.servicegov.gateway.consul.DepartedServices;
import dev.servicegov.gateway.consul.HealthWatchRegistry;
import dev.servicegov.gateway.consul.WatchTiming;
import dev.servicegov.gateway.lifetime.UnlistedServiceRelease;
import dev.servicegov.gateway.observe.GatewayMetrics;
import dev.servicegov.gateway.settings.GatewayProperties;
import dev.servicegov.gateway.settings.WatchSettings;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.cloud.consul.ConsulProperties;
import org.springframework.cloud.consul.discovery.ConsulDiscoveryProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/** How the gateway follows Consul: blocking-query watches of the catalog and of each service in use. */
@Configuration(proxyBeanMethods = false)
public class ConsulWatchConfiguration {

    @Bean
    ConsulTrust consulTrust(GatewayProperties properties, ConsulProperties consul, SslBundles sslBundles, Environment environment) {
        return ConsulTrust.of(properties.consulSslBundle(), consul.getScheme(), sslBundles, environment);
    }

    @Bean
    ConsulClient gatewayConsulClient(ConsulProperties consul, ConsulDiscoveryProperties discovery, JsonMapper jsonMapper,
            ConsulTrust trust) {
        // blocking queries hold a connection each for up to `wait`: a pool of their own, not the routing one
        ConnectionProvider connections = ConnectionProvider.builder("consul-watches")
                .maxConnections(1000)
                .pendingAcquireTimeout(Duration.ofSeconds(10))
                .maxIdleTime(Duration.ofSeconds(30))
                .build();
        ReactorClientHttpConnector connector = ClientHttpConnectorBuilder.reactor()
                // Netty's resolver keeps an answer for its DNS TTL, 600 s from Docker's resolver: a Consul agent restarted on
                // another address would stay unreachable that long. 1 s, as the JVM's own cache (GatewayApplication)
                .withHttpClientFactory(() -> HttpClient.create(connections)
                        .resolver(dns -> dns.cacheMaxTimeToLive(Duration.ofSeconds(1)).cacheNegativeTimeToLive(Duration.ZERO)))
                .build(trust.settings().withConnectTimeout(Duration.ofSeconds(2)));
        WebClient http = WebClient.builder()
                .clientConnector(connector)
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
                .build();
        String scheme = consul.getScheme() != null && !consul.getScheme().isBlank() ? consul.getScheme() : "http";
        String base = scheme + "://" + consul.getHost() + ":" + consul.getPort();
        String consistency = switch (discovery.getConsistencyMode()) {
            case STALE -> "stale";
            case CONSISTENT -> "consistent";
            default -> null;
        };
        return new ConsulClient(http, jsonMapper, base, discovery.getAclToken(), consistency);
    }

    @Bean
    WatchTiming watchTiming(GatewayProperties properties) {
        WatchSettings watch = properties.watch();
        return new WatchTiming(watch.blockingWait(), watch.minInterval(), watch.retryInterval(), watch.firstAnswerTimeout(),
                watch.idleTimeout());
    }

    /** Empty instance lists count only once Consul has answered for {@code gateway.watch.recovery-grace} (see HealthWatch). */
    @Bean
    HealthWatchRegistry healthWatchRegistry(ConsulClient gatewayConsulClient, WatchTiming timing, GatewayMetrics metrics,
            ObjectProvider<ConsulReachability> reachability, GatewayProperties properties) {
        return new HealthWatchRegistry(gatewayConsulClient, timing, metrics, settled(reachability, properties),
                properties.watch().maxWatches());
    }

    /**
     * A change of the catalog's names stops watching the services that left and, with
     * {@code gateway.watch.all-services}, watches every service in it; names are dropped only once Consul has settled,
     * {@code gateway.hidden-services} are never in it, and the names that leave are remembered a while.
     */
    @Bean
    CatalogWatch catalogWatch(ConsulClient gatewayConsulClient, WatchTiming timing, HealthWatchRegistry watches,
            ObjectProvider<ConsulReachability> reachability, GatewayProperties properties) {
        boolean watchAll = properties.watch().allServices();
        return new CatalogWatch(gatewayConsulClient, timing, properties.hiddenServices(),
                new DepartedServices(properties.watch().departedServiceMemory()),
                names -> watches.followCatalog(names, watchAll), settled(reachability, properties));
    }

    /**
     * A service's balancer (its child context, its policies' turns and weights) and its meters go once the catalog has
     * not listed it for {@code gateway.watch.departed-service-memory}, as long as a name that left is remembered.
     */
    @Bean
    UnlistedServiceRelease unlistedServiceRelease(CatalogWatch catalog, InstanceChooser chooser, GatewayMetrics metrics,
            GatewayProperties properties) {
        return new UnlistedServiceRelease(catalog::knows, properties.watch().departedServiceMemory(),
                List.of(chooser, metrics));
    }

    @Bean
    ConsulReachability consulReachability(ConsulClient gatewayConsulClient, GatewayProperties properties,
            HealthWatchRegistry watches, CatalogWatch catalog) {
        return new ConsulReachability(gatewayConsulClient, properties.watch().probeInterval(),
                properties.watch().probeTimeout(), () -> {
                    catalog.restart();
                    watches.restartAll();
                });
    }

    /**
     * Whether Consul has answered for {@code gateway.watch.recovery-grace} since its last outage. Looked up lazily:
     * the reachability probe in turn restarts the watches that ask.
     */
    private static BooleanSupplier settled(ObjectProvider<ConsulReachability> reachability, GatewayProperties properties) {
        Duration grace = properties.watch().recoveryGrace();
        return () -> reachability.getObject().settledFor(grace);
    }

    /** Health component {@code consulWatch}. */
    @Bean
    ConsulWatchHealthIndicator consulWatchHealthIndicator(ConsulReachability reachability, HealthWatchRegistry watches,
            CatalogWatch catalog) {
        return new ConsulWatchHealthIndicator(reachability, watches, catalog);
    }
}
