package dev.servicegov.gateway.balancer;

import java.util.List;
import java.util.Set;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;

import dev.servicegov.gateway.instances.InstanceKey;

/** A load-balancer request for a retry: the instances the request already tried are not chosen again. */
public class RetryContext extends RequestDataContext {

    private final Set<String> tried;

    /**
     * @param clientRequest the caller's request, for a policy that reads it; may be {@code null}
     * @param hint the request's hint, as on its first try
     */
    public RetryContext(RequestData clientRequest, String hint, List<ServiceInstance> tried) {
        super(clientRequest, hint);
        this.tried = InstanceKey.allOf(tried);
    }

    public boolean tried(ServiceInstance instance) {
        return tried.contains(InstanceKey.of(instance));
    }
}
