package dev.servicegov.gateway.catalog;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.consul.discovery.ConsulServiceInstance;

/**
 * One healthy instance as {@code GET /services} shows it; {@code host} is its Consul address and {@code metadata} its
 * Consul meta, named as Spring Cloud's {@link ServiceInstance} names them.
 */
public record InstanceView(String id, String host, int port, List<String> tags, Map<String, String> metadata) {

    /** Maps a discovered instance; tags are known only for Consul's instances, otherwise empty. */
    public static InstanceView of(ServiceInstance instance) {
        List<String> tags = tagsOf(instance);
        Map<String, String> metadata = instance.getMetadata() != null ? new TreeMap<>(instance.getMetadata()) : Map.of();
        return new InstanceView(instance.getInstanceId(), instance.getHost(), instance.getPort(), tags, metadata);
    }

    /** A discovered instance's Consul tags; none for an instance of another discovery client. */
    public static List<String> tagsOf(ServiceInstance instance) {
        return instance instanceof ConsulServiceInstance consul && consul.getTags() != null ? List.copyOf(consul.getTags())
                : List.of();
    }
}
