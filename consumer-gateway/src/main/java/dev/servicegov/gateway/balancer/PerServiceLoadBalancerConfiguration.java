package dev.servicegov.gateway.balancer;

import dev.servicegov.gateway.consul.HealthWatchRegistry;
import dev.servicegov.gateway.instances.InstanceQuarantine;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.HintBasedServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ReactorLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The load balancer of each service, in its own child context ({@code @LoadBalancerClients} default
 * configuration). Deliberately not a {@code @Configuration}: component scanning must not put these
 * beans into the application context.
 */
public class PerServiceLoadBalancerConfiguration {

    /** The watched instances, less those put aside, narrowed to the request's hint by Spring Cloud's own supplier. */
    @Bean
    ServiceInstanceListSupplier watchedInstanceListSupplier(Environment environment, HealthWatchRegistry watches,
            InstanceQuarantine quarantine, LoadBalancerClientFactory balancers) {
        return new HintBasedServiceInstanceListSupplier(
                new WatchedInstanceListSupplier(serviceOf(environment), watches, quarantine), balancers);
    }

    @Bean
    ReactorLoadBalancer<ServiceInstance> policyLoadBalancer(Environment environment,
            ServiceInstanceListSupplier supplier, PolicyFactory policies) {
        String service = serviceOf(environment);
        return new PolicyLoadBalancer(supplier, () -> policies.forService(service));
    }

    private static String serviceOf(Environment environment) {
        return environment.getProperty(LoadBalancerClientFactory.PROPERTY_NAME);
    }
}
