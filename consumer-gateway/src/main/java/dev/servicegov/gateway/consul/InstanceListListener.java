package dev.servicegov.gateway.consul;

import java.util.List;

import org.springframework.cloud.client.ServiceInstance;

/** Told what the health watches see. */
@FunctionalInterface
public interface InstanceListListener {

    /** A service's passing instances changed, or were seen for the first time. */
    void changed(String service, List<ServiceInstance> instances);

    /** The service left Consul's catalog and is no longer watched: whatever was kept for it can go. */
    default void gone(String service) {
    }
}
