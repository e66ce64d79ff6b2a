package dev.servicegov.gateway.balancer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;

/**
 * Asks Spring Cloud LoadBalancer for an instance of a service: its balancer ({@link PolicyLoadBalancer}, in the
 * service's child context) is looked up once and kept. Only a policy that reads the request (sticky) is given it;
 * a retry names the instances already tried.
 */
public class InstanceChooser {

    private final ReactiveLoadBalancer.Factory<ServiceInstance> balancers;
    private final Predicate<String> readsRequest;
    private final Map<String, ReactiveLoadBalancer<ServiceInstance>> byService = new ConcurrentHashMap<>();

    /** @param readsRequest whether the policy of a service chooses by the request's headers or cookies */
    public InstanceChooser(ReactiveLoadBalancer.Factory<ServiceInstance> balancers, Predicate<String> readsRequest) {
        this.balancers = balancers;
        this.readsRequest = readsRequest;
    }

    /**
     * Empty when the service has no usable instance, or none but those already tried.
     *
     * @param tried the instances the request has tried
     */
    public Mono<ServiceInstance> choose(String service, Supplier<RequestData> request, List<ServiceInstance> tried) {
        ReactiveLoadBalancer<ServiceInstance> balancer = byService.computeIfAbsent(service, balancers::getInstance);
        RequestData data = readsRequest.test(service) ? request.get() : null;
        Request<?> lbRequest = !tried.isEmpty() ? new DefaultRequest<>(new RetryContext(data, tried))
                : data != null ? new DefaultRequest<>(new RequestDataContext(data))
                : new DefaultRequest<>();
        return Mono.from(balancer.choose(lbRequest)).filter(Response::hasServer).map(Response::getServer);
    }
}
