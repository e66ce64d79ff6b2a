package dev.servicegov.gateway.balancer;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.servicegov.gateway.lifetime.PerServiceState;

import org.springframework.cloud.client.loadbalancer.LoadBalancerClientsProperties;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Spring Cloud LoadBalancer's factory of each service's child context, whose contexts can be closed one at a time:
 * {@code NamedContextFactory} keeps each it built until the application ends, so every service the gateway ever
 * balanced held a context (its balancer, its policies' turns and weights) for good.
 */
public class ServiceBalancerContexts extends LoadBalancerClientFactory implements PerServiceState {

    private final Map<String, GenericApplicationContext> contexts = new ConcurrentHashMap<>();

    public ServiceBalancerContexts(LoadBalancerClientsProperties properties) {
        super(properties);
    }

    @Override
    protected GenericApplicationContext getContext(String name) {
        GenericApplicationContext context = contexts.get(name);
        if (context == null) {
            // as NamedContextFactory does: one context built at a time, not inside the map's own locks
            synchronized (contexts) {
                context = contexts.get(name);
                if (context == null) {
                    context = createContext(name);
                    contexts.put(name, context);
                }
            }
        }
        return context;
    }

    @Override
    public Set<String> getContextNames() {
        return Set.copyOf(contexts.keySet());
    }

    @Override
    public Set<String> services() {
        return getContextNames();
    }

    /** Closes the service's context: its balancer keeps working for a request that still holds it. */
    @Override
    public void release(String service) {
        Optional.ofNullable(contexts.remove(service)).ifPresent(GenericApplicationContext::close);
    }

    @Override
    public void destroy() {
        contexts.values().forEach(GenericApplicationContext::close);
        contexts.clear();
        super.destroy();
    }
}
