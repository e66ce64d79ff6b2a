package dev.servicegov.gateway.instances;

import org.springframework.cloud.client.ServiceInstance;

/** How the gateway tells instances apart across lists: service, instance id, host and port. */
public final class InstanceKey {

    private InstanceKey() {
    }

    public static String of(ServiceInstance instance) {
        return instance.getServiceId() + "|" + instance.getInstanceId() + "|" + instance.getHost() + ":" + instance.getPort();
    }
}
