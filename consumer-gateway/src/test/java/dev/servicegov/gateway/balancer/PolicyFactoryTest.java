package dev.servicegov.gateway.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import dev.servicegov.gateway.balancer.policy.LeastRequestsPolicy;
import dev.servicegov.gateway.balancer.policy.PowerOfTwoPolicy;
import dev.servicegov.gateway.balancer.policy.RandomPolicy;
import dev.servicegov.gateway.balancer.policy.RoundRobinPolicy;
import dev.servicegov.gateway.balancer.policy.StickyPolicy;
import dev.servicegov.gateway.balancer.policy.WeightedPolicy;
import dev.servicegov.gateway.instances.InFlightRequests;
import dev.servicegov.gateway.settings.GatewayProperties;
import dev.servicegov.gateway.settings.Policy;
import dev.servicegov.gateway.settings.ProxySettings;
import dev.servicegov.gateway.settings.ServiceSettings;
import dev.servicegov.gateway.settings.WatchSettings;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

class PolicyFactoryTest {

    private static GatewayProperties properties(Policy defaultPolicy, Map<String, ServiceSettings> services) {
        WatchSettings watch = new WatchSettings(Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(60), true, 128);
        ProxySettings proxy = new ProxySettings(Duration.ofSeconds(2), Duration.ofSeconds(30), 2, "127\\.0\\.0\\.1",
                DataSize.ofMegabytes(10), Duration.ofHours(1), DataSize.ofKilobytes(64), 512);
        return new GatewayProperties(proxy, "X-Served-By", Duration.ofSeconds(10), defaultPolicy,
                "weight", watch, 200, services, Set.of("consul"), null);
    }

    @Test
    void eachServiceGetsItsOwnPolicyOrTheDefault() {
        PolicyFactory factory = new PolicyFactory(properties(Policy.ROUND_ROBIN, Map.of(
                "r", new ServiceSettings(Policy.RANDOM, null, null, null, null, null),
                "w", new ServiceSettings(Policy.WEIGHTED, null, null, null, null, null),
                "l", new ServiceSettings(Policy.LEAST_REQUESTS, null, null, null, null, null),
                "p", new ServiceSettings(Policy.POWER_OF_TWO, null, null, null, null, null),
                "s", new ServiceSettings(Policy.STICKY, "SESSION", null, null, null, null))), new InFlightRequests());

        assertThat(factory.forService("other")).isInstanceOf(RoundRobinPolicy.class);
        assertThat(factory.forService("r")).isInstanceOf(RandomPolicy.class);
        assertThat(factory.forService("w")).isInstanceOf(WeightedPolicy.class);
        assertThat(factory.forService("l")).isInstanceOf(LeastRequestsPolicy.class);
        assertThat(factory.forService("p")).isInstanceOf(PowerOfTwoPolicy.class);
        assertThat(factory.forService("s")).isInstanceOf(StickyPolicy.class);
        assertThat(new PolicyFactory(properties(Policy.RANDOM, null), new InFlightRequests()).forService("any"))
                .isInstanceOf(RandomPolicy.class);
    }

    @Test
    void anInstanceCookieCountsOnlyForAStickyService() {
        GatewayProperties properties = properties(Policy.ROUND_ROBIN, Map.of(
                "pinned", new ServiceSettings(Policy.STICKY, null, null, "sc-instance", null, null),
                "spread", new ServiceSettings(Policy.RANDOM, null, null, "sc-instance", null, null),
                "blank", new ServiceSettings(Policy.STICKY, null, "X-Session", " ", null, null)));

        assertThat(properties.stickyInstanceCookieOf("pinned")).isEqualTo("sc-instance");
        assertThat(properties.stickyInstanceCookieOf("spread")).isNull();
        assertThat(properties.stickyInstanceCookieOf("blank")).isNull();
        assertThat(properties.stickyInstanceCookieOf("other")).isNull();
    }
}
