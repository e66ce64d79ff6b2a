package dev.servicegov.gateway.balancer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.servicegov.gateway.balancer.policy.LoadBalancingPolicy;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * Spring Cloud LoadBalancer's view of a service: its usable instances (for a retry, less those the request tried),
 * then its policy's choice. It holds its supplier rather than resolving it per request, as Spring Cloud's own
 * balancers do through an {@code ObjectProvider}: that lookup alone took about 6 % of the gateway's CPU under load.
 * <p>
 * Each set of candidates (a hint's instances, all of them, the list less those put aside) has a policy of its own, so
 * that requests of one hint do not move the turn or the weights of another's: with one shared round-robin position,
 * requests alternating between a canary and the two other instances all went to the first of the two. A retry chooses
 * with the policy of its first try's candidates, among those not tried.
 */
public class PolicyLoadBalancer implements ReactorServiceInstanceLoadBalancer {

    /** More sets of candidates than a service plausibly has at once: the policies of sets gone are dropped then. */
    static final int MAX_CANDIDATE_SETS = 64;

    private final ServiceInstanceListSupplier supplier;
    private final Supplier<LoadBalancingPolicy> policies;
    private final Map<List<String>, LoadBalancingPolicy> byCandidates = new ConcurrentHashMap<>();

    /** @param policies a new policy of the service's kind, for each set of candidates */
    public PolicyLoadBalancer(ServiceInstanceListSupplier supplier, Supplier<LoadBalancingPolicy> policies) {
        this.supplier = supplier;
        this.policies = policies;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Mono<Response<ServiceInstance>> choose(Request request) {
        RequestData data = request != null && request.getContext() instanceof RequestDataContext context
                ? context.getClientRequest() : null;
        Predicate<ServiceInstance> untried = request != null && request.getContext() instanceof RetryContext retry
                ? instance -> !retry.tried(instance) : null;
        return supplier.get(request).next()
                .map(candidates -> {
                    List<ServiceInstance> instances = untried == null ? candidates
                            : candidates.stream().filter(untried).toList();
                    return instances.isEmpty()
                            ? new EmptyResponse()
                            : (Response<ServiceInstance>) new DefaultResponse(policyFor(candidates).choose(instances, data));
                })
                .defaultIfEmpty(new EmptyResponse());
    }

    private LoadBalancingPolicy policyFor(List<ServiceInstance> candidates) {
        // the ids are the watch's own strings, whose hashes are cached: a cheap key
        List<String> ids = candidates.stream().map(ServiceInstance::getInstanceId).toList();
        LoadBalancingPolicy policy = byCandidates.get(ids);
        if (policy == null) {
            if (byCandidates.size() >= MAX_CANDIDATE_SETS) {
                byCandidates.clear();
            }
            policy = byCandidates.computeIfAbsent(ids, unused -> policies.get());
        }
        return policy;
    }
}
