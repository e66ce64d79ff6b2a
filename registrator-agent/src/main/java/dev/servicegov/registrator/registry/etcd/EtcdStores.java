package dev.servicegov.registrator.registry.etcd;

import java.time.Duration;

import dev.servicegov.registrator.registry.RegistryUri;

import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** Builds the etcd store for a registry URI. */
public final class EtcdStores {

    /** The lease TTL when {@code registrator.ttl} is not set. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);

    private EtcdStores() {
    }

    /** @param ttl the lease TTL, or {@code null} for {@link #DEFAULT_TTL} */
    public static EtcdKvStore create(RegistryUri uri, Duration ttl) {
        SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
        factory.setConnectTimeout(Duration.ofSeconds(2));
        factory.setReadTimeout(Duration.ofSeconds(5));
        RestClient client = RestClient.builder().baseUrl(uri.httpBase().toString()).requestFactory(factory).build();
        return new EtcdKvStore(new EtcdGateway(client, "etcd at " + uri.httpBase()), ttl == null ? DEFAULT_TTL : ttl);
    }
}
