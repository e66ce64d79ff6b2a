package dev.servicegov.gateway.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.support.ServiceInstanceListSuppliers;

import dev.servicegov.gateway.balancer.policy.RoundRobinPolicy;

class PolicyLoadBalancerTest {

    private static final List<ServiceInstance> THREE = List.of(instance("a1"), instance("a2"), instance("a3"));

    private static ServiceInstance instance(String id) {
        return new DefaultServiceInstance(id, "svc", "10.0.0." + id.charAt(1), 8080, false);
    }

    private final PolicyLoadBalancer balancer = new PolicyLoadBalancer(
            ServiceInstanceListSuppliers.from("svc", THREE.toArray(ServiceInstance[]::new)), new RoundRobinPolicy());

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
}
