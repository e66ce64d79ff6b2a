package dev.servicegov.gateway.balancer;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.servicegov.gateway.lifetime.PerServiceState;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.LoadBalancerProperties;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.loadbalancer.core.HintBasedServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.ServiceInstanceListSuppliers;
import org.springframework.util.StringUtils;

/**
 * Asks Spring Cloud LoadBalancer for an instance of a service: its balancer ({@link PolicyLoadBalancer}, in the
 * service's child context) is looked up once and kept. Only a policy that reads the request (sticky) is given it;
 * a retry names the instances already tried. Every request carries its hint, as Spring Cloud Gateway sends it: the
 * value of the hint header ({@code spring.cloud.loadbalancer.hint-header-name}, {@code X-SC-LB-Hint}), else the
 * service's configured hint ({@code spring.cloud.loadbalancer.hint.<service>}, else {@code .default}, else
 * {@code default}); Spring Cloud's {@code HintBasedServiceInstanceListSupplier} keeps the instances whose meta
 * {@code hint} has that value, or all when none has.
 * <p>
 * What it keeps of a service goes with the service's child context when the service is {@linkplain #release released}.
 */
public class InstanceChooser implements PerServiceState {

    private final ReactiveLoadBalancer.Factory<ServiceInstance> balancers;
    private final Predicate<String> readsRequest;
    private final PerServiceState contexts;
    private final Map<String, ReactiveLoadBalancer<ServiceInstance>> byService = new ConcurrentHashMap<>();
    private final Map<String, Hints> hintsByService = new ConcurrentHashMap<>();

    /** A service's hint header and the hint of a request without it. */
    private record Hints(String headerName, String configured) {

        static Hints of(String service, LoadBalancerProperties own) {
            // as Spring Cloud's own hint supplier does when a factory has no properties for the service
            LoadBalancerProperties properties = own != null ? own : new LoadBalancerProperties();
            Map<String, String> hints = properties.getHint();
            return new Hints(properties.getHintHeaderName(),
                    hints.getOrDefault(service, hints.getOrDefault("default", "default")));
        }

        String of(Function<String, String> header) {
            String sent = header.apply(headerName);
            return StringUtils.hasText(sent) ? sent : configured;
        }
    }

    /**
     * @param readsRequest whether the policy of a service chooses by the request's headers or cookies
     * @param contexts the child contexts the factory's balancers live in, released with the service
     */
    public InstanceChooser(ReactiveLoadBalancer.Factory<ServiceInstance> balancers, Predicate<String> readsRequest,
            PerServiceState contexts) {
        this.balancers = balancers;
        this.readsRequest = readsRequest;
        this.contexts = contexts;
    }

    /**
     * Empty when the service has no usable instance, or none but those already tried.
     *
     * @param header a request header's value by its name, {@code null} when the request has none
     * @param request the request as a whole, built only for a policy that reads it
     * @param tried the instances the request has tried
     */
    public Mono<ServiceInstance> choose(String service, Function<String, String> header, Supplier<RequestData> request,
            List<ServiceInstance> tried) {
        ReactiveLoadBalancer<ServiceInstance> balancer = byService.computeIfAbsent(service, balancers::getInstance);
        String hint = hint(service, header);
        RequestData data = readsRequest.test(service) ? request.get() : null;
        RequestDataContext context = tried.isEmpty() ? new RequestDataContext(data, hint) : new RetryContext(data, hint, tried);
        return Mono.from(balancer.choose(new DefaultRequest<>(context))).filter(Response::hasServer).map(Response::getServer);
    }

    /**
     * Of the instances given, those a request with these headers may go to: what its hint narrows a choice to, for a
     * retry to know whether any is left (the instances the choice itself is made among, narrowed alike).
     */
    public List<ServiceInstance> narrowedByHint(String service, Function<String, String> header,
            List<ServiceInstance> instances) {
        ServiceInstanceListSupplier given = ServiceInstanceListSuppliers.from(service, instances.toArray(ServiceInstance[]::new));
        return new HintBasedServiceInstanceListSupplier(given, balancers)
                .get(new DefaultRequest<>(new RequestDataContext(null, hint(service, header)))).blockFirst();
    }

    private String hint(String service, Function<String, String> header) {
        return hintsByService.computeIfAbsent(service, name -> Hints.of(name, balancers.getProperties(name))).of(header);
    }

    @Override
    public Set<String> services() {
        Set<String> services = new HashSet<>(byService.keySet());
        services.addAll(hintsByService.keySet());
        services.addAll(contexts.services());
        return services;
    }

    /** Its own entries go first: a request between the two gets the context still open, not one being closed. */
    @Override
    public void release(String service) {
        byService.remove(service);
        hintsByService.remove(service);
        contexts.release(service);
    }
}
