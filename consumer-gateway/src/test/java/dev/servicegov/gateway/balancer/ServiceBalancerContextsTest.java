package dev.servicegov.gateway.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import reactor.core.publisher.Mono;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClientsProperties;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClientSpecification;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.support.GenericApplicationContext;

/** Each service's child context lasts until the service is released, not until the gateway ends. */
class ServiceBalancerContextsTest {

    static class OneBalancerEach {

        @Bean
        ReactorServiceInstanceLoadBalancer balancer() {
            // an object of its own each time (a lambda capturing nothing would be one for all)
            return new ReactorServiceInstanceLoadBalancer() {
                @Override
                @SuppressWarnings("rawtypes")
                public Mono<Response<ServiceInstance>> choose(Request request) {
                    return Mono.just(new EmptyResponse());
                }
            };
        }
    }

    private static ServiceBalancerContexts contexts() {
        GenericApplicationContext parent = new GenericApplicationContext();
        parent.refresh();
        ServiceBalancerContexts contexts = new ServiceBalancerContexts(new LoadBalancerClientsProperties());
        contexts.setConfigurations(List.of(new LoadBalancerClientSpecification("default.test",
                new Class<?>[] {OneBalancerEach.class})));
        contexts.setApplicationContext(parent);
        return contexts;
    }

    @Test
    void aReleasedServicesContextIsClosedAndAFreshOneBuiltIfItIsBalancedAgain() {
        ServiceBalancerContexts contexts = contexts();
        ReactiveLoadBalancer<ServiceInstance> first = contexts.getInstance("batch-17");
        contexts.getInstance("web");
        GenericApplicationContext context = contexts.getContext("batch-17");
        assertThat(contexts.services()).containsExactlyInAnyOrder("batch-17", "web");
        assertThat(contexts.getInstance("batch-17")).as("one context per service").isSameAs(first);

        contexts.release("batch-17");

        assertThat(context.isActive()).isFalse();
        assertThat(contexts.services()).containsExactly("web");
        assertThat(contexts.getInstance("batch-17")).isNotNull().isNotSameAs(first);
        contexts.release("never-balanced");
    }

    @Test
    void everyContextClosesWithTheFactory() {
        ServiceBalancerContexts contexts = contexts();
        contexts.getInstance("web");
        GenericApplicationContext context = contexts.getContext("web");

        contexts.destroy();

        assertThat(context.isActive()).isFalse();
        assertThat(contexts.getContextNames()).isEmpty();
    }
}
