package dev.servicegov.gateway.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.LoadBalancerProperties;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.loadbalancer.core.HintBasedServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.ServiceInstanceListSuppliers;

import dev.servicegov.gateway.balancer.policy.LoadBalancingPolicy;
import dev.servicegov.gateway.balancer.policy.RoundRobinPolicy;
import dev.servicegov.gateway.balancer.policy.WeightedPolicy;

class PolicyLoadBalancerTest {

    private static final List<ServiceInstance> THREE = List.of(instance("a1"), instance("a2"), instance("a3"));

    private static ServiceInstance instance(String id) {
        return new DefaultServiceInstance(id, "svc", "10.0.0." + id.charAt(1), 8080, false);
    }

    private final PolicyLoadBalancer balancer = new PolicyLoadBalancer(
            ServiceInstanceListSuppliers.from("svc", THREE.toArray(ServiceInstance[]::new)), RoundRobinPolicy::new);

    @Test
    void aRetryNeverChoosesAnInstanceTheRequestTried() {
        List<ServiceInstance> tried = List.of(THREE.get(0), THREE.get(2));
        for (int i = 0; i < 6; i++) {
            Response<ServiceInstance> chosen = balancer.choose(new DefaultRequest<>(new RetryContext(null, "default", tried))).block();
            assertThat(chosen.getServer().getInstanceId()).isEqualTo("a2");
        }
    }

    @Test
    void aRetryThatTriedEveryInstanceGetsNone() {
        assertThat(balancer.choose(new DefaultRequest<>(new RetryContext(null, "default", THREE))).block().hasServer()).isFalse();
    }

    @Test
    void aFirstTryChoosesAmongThemAll() {
        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            chosen.add(balancer.choose(new DefaultRequest<>()).block().getServer().getInstanceId());
        }
        assertThat(chosen).containsExactlyInAnyOrder("a1", "a2", "a3");
    }

    /** A canary and two stable instances (weights 3 and 1), narrowed by Spring Cloud's hint supplier. */
    @SuppressWarnings("unchecked")
    private static PolicyLoadBalancer withCanary(Supplier<LoadBalancingPolicy> policies) {
        ReactiveLoadBalancer.Factory<ServiceInstance> factory = mock(ReactiveLoadBalancer.Factory.class);
        when(factory.getProperties("svc")).thenReturn(new LoadBalancerProperties());
        ServiceInstance[] instances = {
                new DefaultServiceInstance("c1", "svc", "10.0.0.1", 8080, false, Map.of("hint", "canary")),
                new DefaultServiceInstance("s1", "svc", "10.0.0.2", 8080, false, Map.of("hint", "stable", "weight", "3")),
                new DefaultServiceInstance("s2", "svc", "10.0.0.3", 8080, false, Map.of("hint", "stable", "weight", "1"))};
        return new PolicyLoadBalancer(new HintBasedServiceInstanceListSupplier(
                ServiceInstanceListSuppliers.from("svc", instances), factory), policies);
    }

    /** The stable instances chosen by requests alternating with canary ones. */
    private static Map<String, Integer> stableAlternatingWithCanary(PolicyLoadBalancer balancer, int stableRequests) {
        Map<String, Integer> chosen = new TreeMap<>();
        for (int i = 0; i < stableRequests; i++) {
            chosen.merge(balancer.choose(new DefaultRequest<>(new RequestDataContext(null, "stable"))).block()
                    .getServer().getInstanceId(), 1, Integer::sum);
            assertThat(balancer.choose(new DefaultRequest<>(new RequestDataContext(null, "canary"))).block()
                    .getServer().getInstanceId()).isEqualTo("c1");
        }
        return chosen;
    }

    @Test
    void requestsOfAnotherHintInBetweenDoNotSkewTheTurn() {
        // one round-robin position shared by both hints sent every stable request to s1
        assertThat(stableAlternatingWithCanary(withCanary(RoundRobinPolicy::new), 100))
                .containsEntry("s1", 50).containsEntry("s2", 50);
    }

    @Test
    void requestsOfAnotherHintInBetweenDoNotSkewTheWeights() {
        // the canary's choices wiped the stable instances' weights, so s2 was never chosen
        assertThat(stableAlternatingWithCanary(withCanary(() -> new WeightedPolicy("weight")), 100))
                .containsEntry("s1", 75).containsEntry("s2", 25);
    }
}
