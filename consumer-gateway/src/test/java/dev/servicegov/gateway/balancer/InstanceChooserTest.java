package dev.servicegov.gateway.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.LoadBalancerProperties;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.loadbalancer.core.HintBasedServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.ServiceInstanceListSuppliers;

import dev.servicegov.gateway.balancer.policy.RoundRobinPolicy;
import dev.servicegov.gateway.lifetime.PerServiceState;

/** The hint each request carries, and how Spring Cloud's hint supplier narrows the instances by it. */
class InstanceChooserTest {

    private static final List<ServiceInstance> INSTANCES = List.of(instance("c1", "canary"), instance("c2", "canary"),
            instance("s1", "stable"), instance("s2", "stable"), instance("n1", null));

    private static ServiceInstance instance(String id, String hint) {
        return new DefaultServiceInstance(id, "svc", "10.0.0.1", 8080, false, hint == null ? Map.of() : Map.of("hint", hint));
    }

    private static InstanceChooser chooser(Map<String, String> configuredHints) {
        return new InstanceChooser(factory(configuredHints), service -> false, mock(PerServiceState.class));
    }

    @SuppressWarnings("unchecked")
    private static ReactiveLoadBalancer.Factory<ServiceInstance> factory(Map<String, String> configuredHints) {
        LoadBalancerProperties properties = new LoadBalancerProperties();
        properties.setHint(configuredHints);
        ReactiveLoadBalancer.Factory<ServiceInstance> factory = mock(ReactiveLoadBalancer.Factory.class);
        when(factory.getProperties("svc")).thenReturn(properties);
        PolicyLoadBalancer balancer = new PolicyLoadBalancer(
                new HintBasedServiceInstanceListSupplier(
                        ServiceInstanceListSuppliers.from("svc", INSTANCES.toArray(ServiceInstance[]::new)), factory),
                RoundRobinPolicy::new);
        when(factory.getInstance("svc")).thenReturn(balancer);
        return factory;
    }

    private static List<String> chosen(InstanceChooser chooser, Map<String, String> headers, List<ServiceInstance> tried,
            int times) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            ServiceInstance instance = chooser.choose("svc", headers::get, () -> {
                throw new AssertionError("a round-robin service needs no request data");
            }, tried).block();
            ids.add(instance == null ? null : instance.getInstanceId());
        }
        return ids;
    }

    @Test
    void aRequestWithTheHintHeaderGoesOnlyToTheInstancesWithThatHint() {
        assertThat(chosen(chooser(Map.of()), Map.of("X-SC-LB-Hint", "canary"), List.of(), 6)).containsOnly("c1", "c2")
                .contains("c1", "c2");
    }

    @Test
    void aHintNoInstanceHasAndNoHintAtAllGoToEveryInstance() {
        assertThat(chosen(chooser(Map.of()), Map.of("X-SC-LB-Hint", "beta"), List.of(), 5))
                .containsExactlyInAnyOrder("c1", "c2", "s1", "s2", "n1");
        assertThat(chosen(chooser(Map.of()), Map.of(), List.of(), 5)).as("the hint 'default', which none has")
                .containsExactlyInAnyOrder("c1", "c2", "s1", "s2", "n1");
    }

    @Test
    void aRequestWithoutTheHeaderTakesTheServicesConfiguredHintElseTheDefaultOne() {
        assertThat(chosen(chooser(Map.of("svc", "stable", "default", "canary")), Map.of(), List.of(), 6)).containsOnly("s1", "s2");
        assertThat(chosen(chooser(Map.of("default", "canary")), Map.of(), List.of(), 6)).containsOnly("c1", "c2");
        assertThat(chosen(chooser(Map.of("svc", "stable")), Map.of("X-SC-LB-Hint", "canary"), List.of(), 6))
                .as("the header wins").containsOnly("c1", "c2");
    }

    @Test
    void instancesWithTheHintDefaultTakeEveryRequestWithoutTheHeaderWithNoSettingAtAll() {
        List<ServiceInstance> canaryAndDefaults = List.of(instance("c1", "canary"), instance("d1", "default"),
                instance("d2", "default"));
        InstanceChooser chooser = chooser(Map.of());
        assertThat(chooser.narrowedByHint("svc", Map.<String, String>of()::get, canaryAndDefaults))
                .extracting(ServiceInstance::getInstanceId).containsExactly("d1", "d2");
        assertThat(chooser.narrowedByHint("svc", Map.of("X-SC-LB-Hint", "canary")::get, canaryAndDefaults))
                .extracting(ServiceInstance::getInstanceId).containsExactly("c1");
    }

    @Test
    void aRetryKeepsTheHintAndTriesAnotherInstanceWithIt() {
        InstanceChooser chooser = chooser(Map.of());
        Map<String, String> canary = Map.of("X-SC-LB-Hint", "canary");
        assertThat(chosen(chooser, canary, List.of(INSTANCES.get(0)), 3)).containsOnly("c2");
        assertThat(chosen(chooser, canary, INSTANCES.subList(0, 2), 1)).as("every canary tried").containsOnlyNulls();
    }

    @Test
    void aRetryKnowsWhetherTheHintLeavesItAnInstanceToTry() {
        InstanceChooser chooser = chooser(Map.of("svc", "stable"));
        assertThat(chooser.narrowedByHint("svc", Map.of("X-SC-LB-Hint", "canary")::get, INSTANCES))
                .extracting(ServiceInstance::getInstanceId).containsExactly("c1", "c2");
        assertThat(chooser.narrowedByHint("svc", Map.<String, String>of()::get, INSTANCES))
                .extracting(ServiceInstance::getInstanceId).containsExactly("s1", "s2");
        assertThat(chooser.narrowedByHint("svc", Map.of("X-SC-LB-Hint", "beta")::get, INSTANCES)).isEqualTo(INSTANCES);
    }

    @Test
    void aReleasedServiceLetsGoOfItsBalancerAndItsContextAndGetsThemAfreshWhenUsedAgain() {
        ReactiveLoadBalancer.Factory<ServiceInstance> factory = factory(Map.of());
        PerServiceState contexts = mock(PerServiceState.class);
        when(contexts.services()).thenReturn(Set.of("svc", "left-behind"));
        InstanceChooser chooser = new InstanceChooser(factory, service -> false, contexts);
        chosen(chooser, Map.of(), List.of(), 2);
        assertThat(chooser.services()).as("with the contexts' own").containsExactlyInAnyOrder("svc", "left-behind");

        chooser.release("svc");

        verify(contexts).release("svc");
        assertThat(chosen(chooser, Map.of(), List.of(), 1)).doesNotContainNull();
        verify(factory, times(2)).getInstance("svc");
    }
}
