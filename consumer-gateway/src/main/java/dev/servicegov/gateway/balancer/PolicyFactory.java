package dev.servicegov.gateway.balancer;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.servicegov.gateway.balancer.policy.LeastRequestsPolicy;
import dev.servicegov.gateway.instances.InFlightRequests;
import dev.servicegov.gateway.balancer.policy.LoadBalancingPolicy;
import dev.servicegov.gateway.balancer.policy.PowerOfTwoPolicy;
import dev.servicegov.gateway.balancer.policy.RandomPolicy;
import dev.servicegov.gateway.balancer.policy.RoundRobinPolicy;
import dev.servicegov.gateway.balancer.policy.StickyPolicy;
import dev.servicegov.gateway.balancer.policy.WeightedPolicy;
import dev.servicegov.gateway.settings.GatewayProperties;
import dev.servicegov.gateway.settings.ServiceSettings;

/** Builds the policy each service is configured with ({@code gateway.services.<name>.policy}). */
public class PolicyFactory {

    private final GatewayProperties properties;
    private final InFlightRequests inFlight;
    /** The bad weights logged, by all weighted policies: each once. */
    private final Set<String> warnedWeights = ConcurrentHashMap.newKeySet();

    public PolicyFactory(GatewayProperties properties, InFlightRequests inFlight) {
        this.properties = properties;
        this.inFlight = inFlight;
    }

    public LoadBalancingPolicy forService(String service) {
        ServiceSettings settings = properties.service(service);
        return switch (properties.policyOf(service)) {
            case ROUND_ROBIN -> new RoundRobinPolicy();
            case RANDOM -> new RandomPolicy();
            case WEIGHTED -> new WeightedPolicy(properties.weightMetaKey(), warnedWeights);
            case LEAST_REQUESTS -> new LeastRequestsPolicy(inFlight);
            case POWER_OF_TWO -> new PowerOfTwoPolicy(inFlight);
            case STICKY -> new StickyPolicy(settings.stickyHeader(), settings.stickyCookie(), settings.stickyInstanceCookie(),
                    new RoundRobinPolicy());
        };
    }
}
