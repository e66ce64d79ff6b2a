package dev.servicegov.gateway.routing;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.springframework.cloud.client.ServiceInstance;

import dev.servicegov.gateway.instances.InstanceKey;

/**
 * Whether a request has an instance left to try again on: one of the service's passing instances that it has not
 * tried. With none left, the last answer is passed on (or the failure answered), not repeated on the same instance.
 */
public class RetryTargets {

    private final Function<String, List<ServiceInstance>> passingInstances;

    /** @param passingInstances a service's passing instances as last known, without waiting */
    public RetryTargets(Function<String, List<ServiceInstance>> passingInstances) {
        this.passingInstances = passingInstances;
    }

    /** @param tried the instances the request has tried */
    public boolean anyUntried(String service, List<ServiceInstance> tried) {
        Set<String> triedKeys = InstanceKey.allOf(tried);
        return passingInstances.apply(service).stream().anyMatch(instance -> !triedKeys.contains(InstanceKey.of(instance)));
    }
}
