package dev.servicegov.gateway.routing;

import org.springframework.cloud.client.ServiceInstance;

/** How an instance is named in the {@code X-Served-By} header: {@code id host:port}. */
public final class ServedBy {

    private ServedBy() {
    }

    /** {@code instanceId host:port}, falling back to the service id when the instance has no id. */
    public static String describe(ServiceInstance instance) {
        String id = instance.getInstanceId() != null ? instance.getInstanceId() : instance.getServiceId();
        return id + " " + instance.getHost() + ":" + instance.getPort();
    }
}
