package dev.servicegov.gateway.config;

import java.time.Clock;

import dev.servicegov.gateway.balancer.PerServiceLoadBalancerConfiguration;
import dev.servicegov.gateway.balancer.PolicyFactory;
import dev.servicegov.gateway.instances.InFlightRequests;
import dev.servicegov.gateway.instances.InstanceQuarantine;
import dev.servicegov.gateway.settings.GatewayProperties;

import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every service is balanced by its configured policy over the instances its Consul watch sees. */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = PerServiceLoadBalancerConfiguration.class)
public class BalancingConfiguration {

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
