package dev.servicegov.gateway.config;

import java.time.Clock;
import java.util.List;

import dev.servicegov.gateway.balancer.PerServiceLoadBalancerConfiguration;
import dev.servicegov.gateway.balancer.PolicyFactory;
import dev.servicegov.gateway.balancer.ServiceBalancerContexts;
import dev.servicegov.gateway.instances.InFlightRequests;
import dev.servicegov.gateway.instances.InstanceQuarantine;
import dev.servicegov.gateway.settings.GatewayProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClientsProperties;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClientSpecification;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every service is balanced by its configured policy over the instances its Consul watch sees. */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = PerServiceLoadBalancerConfiguration.class)
public class BalancingConfiguration {

    /** Spring Cloud LoadBalancer's factory, as its auto-configuration builds it, with contexts released per service. */
    @Bean
    ServiceBalancerContexts serviceBalancerContexts(LoadBalancerClientsProperties properties,
            ObjectProvider<List<LoadBalancerClientSpecification>> configurations) {
        ServiceBalancerContexts contexts = new ServiceBalancerContexts(properties);
        contexts.setConfigurations(configurations.getIfAvailable(List::of));
        return contexts;
    }

    @Bean
    InstanceQuarantine instanceQuarantine(GatewayProperties properties) {
        return new InstanceQuarantine(properties.putAsideDuration(), Clock.systemUTC());
    }

    @Bean
    InFlightRequests inFlightRequests() {
        return new InFlightRequests();
    }

    @Bean
    PolicyFactory policyFactory(GatewayProperties properties, InFlightRequests inFlight) {
        return new PolicyFactory(properties, inFlight);
    }
}
