package dev.servicegov.gateway.balancer.policy;

import java.util.List;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.RequestData;

/** Chooses one of a service's usable instances for a request. */
public interface LoadBalancingPolicy {

    /**
     * @param instances the usable instances, never empty
     * @param request the request being routed, {@code null} when unknown
     */
    ServiceInstance choose(List<ServiceInstance> instances, RequestData request);
}
