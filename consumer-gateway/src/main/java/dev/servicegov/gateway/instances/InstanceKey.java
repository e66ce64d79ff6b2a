package dev.servicegov.gateway.instances;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.cloud.client.ServiceInstance;

/** How the gateway tells instances apart across lists: service, instance id, host and port. */
public final class InstanceKey {

    private InstanceKey() {
    }

    public static String of(ServiceInstance instance) {
        return instance.getServiceId() + "|" + instance.getInstanceId() + "|" + instance.getHost() + ":" + instance.getPort();
    }

    /** The keys of all these instances. */
    public static Set<String> allOf(Collection<ServiceInstance> instances) {
        return instances.stream().map(InstanceKey::of).collect(Collectors.toUnmodifiableSet());
    }
}
