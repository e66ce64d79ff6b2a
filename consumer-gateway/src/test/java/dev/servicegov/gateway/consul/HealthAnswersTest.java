package dev.servicegov.gateway.consul;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.consul.discovery.ConsulServiceInstance;

class HealthAnswersTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void readsInstancesWithTagsMetaAndTheNodeAddressAsFallback() {
        String body = """
                [{"Node":{"Address":"10.0.0.9"},"Service":{"ID":"web-1","Service":"web","Address":"10.0.0.1","Port":8080,
                  "Tags":["a"],"Meta":{"weight":"3"}}},
                 {"Node":{"Address":"10.0.0.9"},"Service":{"ID":"web-2","Service":"web","Address":"","Port":8081,
                  "Tags":null,"Meta":null}}]""";

        List<ServiceInstance> instances = HealthAnswers.instances("web", json.readTree(body));

        assertThat(instances).extracting(ServiceInstance::getInstanceId).containsExactly("web-1", "web-2");
        assertThat(instances.get(0).getHost()).isEqualTo("10.0.0.1");
        assertThat(instances.get(0).getMetadata()).isEqualTo(Map.of("weight", "3"));
        assertThat(((ConsulServiceInstance) instances.get(0)).getTags()).containsExactly("a");
        assertThat(instances.get(1).getHost()).isEqualTo("10.0.0.9");
        assertThat(instances.get(1).getPort()).isEqualTo(8081);
    }

    @Test
    void readsTheCatalogsNames() {
        assertThat(HealthAnswers.serviceNames(json.readTree("{\"consul\":[],\"web\":[\"a\"]}")))
                .containsExactlyInAnyOrder("consul", "web");
    }

    @Test
    void aChangeOfTagsAloneIsAChange() {
        String before = "[{\"Service\":{\"ID\":\"w\",\"Address\":\"h\",\"Port\":1,\"Tags\":[\"a\"]}}]";
        String after = "[{\"Service\":{\"ID\":\"w\",\"Address\":\"h\",\"Port\":1,\"Tags\":[\"b\"]}}]";
        List<ServiceInstance> first = HealthAnswers.instances("web", json.readTree(before));

        assertThat(HealthWatch.same(HealthAnswers.instances("web", json.readTree(before)), first)).isTrue();
        assertThat(HealthWatch.same(HealthAnswers.instances("web", json.readTree(after)), first)).isFalse();
        assertThat(HealthWatch.same(first, null)).isFalse();
    }
}
