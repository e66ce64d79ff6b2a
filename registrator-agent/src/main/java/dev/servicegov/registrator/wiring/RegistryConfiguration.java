package dev.servicegov.registrator.wiring;

import java.util.Map;

import dev.servicegov.registrator.config.RegistratorProperties;
import dev.servicegov.registrator.docker.AgentStartException;
import dev.servicegov.registrator.registry.RegistryHealthIndicator;
import dev.servicegov.registrator.registry.RegistryUri;
import dev.servicegov.registrator.registry.ServiceRegistry;
import dev.servicegov.registrator.registry.consul.ConsulHttpClients;
import dev.servicegov.registrator.registry.consul.ConsulServiceRegistry;
import dev.servicegov.registrator.registry.consulkv.ConsulKvStore;
import dev.servicegov.registrator.registry.etcd.EtcdStores;
import dev.servicegov.registrator.registry.kv.KvLayout;
import dev.servicegov.registrator.registry.kv.KvServiceRegistry;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The one {@link ServiceRegistry}, chosen by the scheme of {@code registrator.registry-uri} when the agent starts
 * (at run time, not by conditions: the image runs the context worked out ahead of time), and its health indicator,
 * shown as {@code registry.<backend>} at {@code /actuator/health}.
 */
@Configuration(proxyBeanMethods = false)
public class RegistryConfiguration {

    static final String RENAMED = "registrator.consul-uri";
    private static final String REGISTRY_URI = "registrator.registry-uri";

    @Bean
    RegistryUri registryUri(RegistratorProperties properties, Environment environment) {
        if (environment.containsProperty(RENAMED)) {
            // silently ignoring it would register into the default 127.0.0.1:8500 instead of where the user said
            throw new AgentStartException(RENAMED + " (REGISTRATOR_CONSUL_URI) is set to '" + environment.getProperty(RENAMED)
                    + "' but was renamed:", "set registrator.registry-uri (REGISTRATOR_REGISTRY_URI) instead, same value", null);
        }
        String given = environment.getProperty(REGISTRY_URI);
        if (given != null && given.isBlank()) {
            // the binder takes an empty value for no value, and the default 127.0.0.1:8500 would be used unsaid
            throw new AgentStartException(REGISTRY_URI + " (REGISTRATOR_REGISTRY_URI) is set, but empty.",
                    "Give the registry's URI, e.g. consul://consul-agent:8500, or leave the variable out for the default "
                            + "http://127.0.0.1:8500.", null);
        }
        return RegistryUri.parse(properties.registryUri());
    }

    @Bean
    ServiceRegistry serviceRegistry(RegistryUri uri, RegistratorProperties properties, SslBundles sslBundles,
            Environment environment) {
        boolean json = properties.kvFormat() == RegistratorProperties.KvFormat.JSON;
        return switch (uri.backend()) {
            case CONSUL -> new ConsulServiceRegistry(ConsulHttpClients.create(uri, properties.consulToken(),
                    RegistrySslBundle.resolve(properties.registrySslBundle(), uri, sslBundles, environment)));
            case CONSUL_KV -> new KvServiceRegistry(
                    new ConsulKvStore(ConsulHttpClients.create(uri, properties.consulToken()), uri.httpBase().toString()),
                    new KvLayout(uri.prefix(), json));
            case ETCD -> new KvServiceRegistry(EtcdStores.create(uri, properties.ttl()), new KvLayout(uri.prefix(), json));
        };
    }

    @Bean
    HealthContributor registry(RegistryUri uri, ServiceRegistry registry, RegistratorProperties properties) {
        String where = uri.backend().label() + " at " + (uri.socket() != null ? uri.socket() : uri.httpBase());
        return CompositeHealthContributor.fromMap(Map.of(uri.backend().label(), new RegistryHealthIndicator(registry, where)));
    }
}
