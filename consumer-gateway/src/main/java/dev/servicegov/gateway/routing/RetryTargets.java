package dev.servicegov.gateway.routing;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.springframework.cloud.client.ServiceInstance;

import dev.servicegov.gateway.instances.InstanceKey;
import dev.servicegov.gateway.instances.InstanceQuarantine;

/**
 * Whether a request has an instance left to try again on: one of the service's passing instances not put aside (all
 * when every one is), of those its hint lets it go to, that it has not tried: the instances the load balancer chooses
 * from. With none left, the last answer is passed on (or the failure answered), not repeated on the same instance.
 */
public class RetryTargets {

    /** Of a service's instances, those a request with these headers may go to. */
    @FunctionalInterface
    public interface Narrowing {
        List<ServiceInstance> narrow(String service, Function<String, String> header, List<ServiceInstance> instances);
    }

    private final Function<String, List<ServiceInstance>> passingInstances;
    private final InstanceQuarantine quarantine;
    private final Narrowing byHint;

    /**
     * @param passingInstances a service's passing instances as last known, without waiting
     * @param quarantine the instances put aside, which the load balancer leaves out
     * @param byHint what the request's hint narrows them to ({@code InstanceChooser::narrowedByHint})
     */
    public RetryTargets(Function<String, List<ServiceInstance>> passingInstances, InstanceQuarantine quarantine,
            Narrowing byHint) {
        this.passingInstances = passingInstances;
        this.quarantine = quarantine;
        this.byHint = byHint;
    }

    /**
     * @param header the request's header values by name
     * @param tried the instances the request has tried
     */
    public boolean anyUntried(String service, Function<String, String> header, List<ServiceInstance> tried) {
        Set<String> triedKeys = InstanceKey.allOf(tried);
        return byHint.narrow(service, header, quarantine.filter(passingInstances.apply(service))).stream()
                .anyMatch(instance -> !triedKeys.contains(InstanceKey.of(instance)));
    }
}
