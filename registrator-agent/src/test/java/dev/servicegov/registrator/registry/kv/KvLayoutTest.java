package dev.servicegov.registrator.registry.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.servicegov.registrator.bridge.ServiceDefinition;

import org.junit.jupiter.api.Test;
import org.springframework.boot.json.JsonParserFactory;

class KvLayoutTest {

    static final ServiceDefinition WEB = new ServiceDefinition("node1:web-1:8080", "web", "172.17.0.5", 8080, List.of("a", "b"),
            Map.of("registered-by", "registrator-agent", "registrator-node", "node1", "version", "2"), null, "c0ffee", "web-1",
            "label SERVICE_NAME");

    @Test
    void plainIsRegistratorsLayoutIpColonPortUnderPrefixNameId() {
        KvLayout layout = new KvLayout("services", false);
        assertThat(layout.serviceKey(WEB)).isEqualTo("services/web/node1:web-1:8080");
        assertThat(layout.value(WEB)).isEqualTo("172.17.0.5:8080");
        assertThat(layout.servicesPrefix()).isEqualTo("services/");
    }

    @Test
    void jsonHoldsAddressPortTagsAndMeta() {
        String value = new KvLayout("a/b", true).value(WEB);
        Map<String, Object> document = JsonParserFactory.getJsonParser().parseMap(value);
        assertThat(document).containsEntry("id", "node1:web-1:8080").containsEntry("name", "web")
                .containsEntry("address", "172.17.0.5").containsEntry("port", 8080)
                .containsEntry("tags", List.of("a", "b"))
                .containsEntry("meta", Map.of("registered-by", "registrator-agent", "registrator-node", "node1", "version", "2"));
    }

    @Test
    void jsonListsMetaInKeyOrderWhateverTheMapsOrder() {
        ServiceDefinition many = new ServiceDefinition("node1:web-1:8080", "web", "172.17.0.5", 8080, List.of(),
                Map.of("f", "6", "e", "5", "d", "4", "c", "3", "b", "2", "a", "1"), null, "c0ffee", "web-1", "label SERVICE_NAME");
        assertThat(new KvLayout("services", true).value(many))
                .contains("\"meta\":{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\",\"d\":\"4\",\"e\":\"5\",\"f\":\"6\"}");
    }

    @Test
    void ownershipLivesOutsideThePrefixAndRoundTrips() {
        KvLayout layout = new KvLayout("services", false);
        assertThat(layout.ownerKey(WEB.id())).isEqualTo("registrator-agent/owners/services/node1:web-1:8080")
                .doesNotStartWith(layout.servicesPrefix());
        OwnerRecord owner = layout.owner(WEB);
        assertThat(owner).isEqualTo(new OwnerRecord("node1:web-1:8080", "node1", "services/web/node1:web-1:8080",
                "172.17.0.5:8080", false, WEB.fingerprint(), WEB.containerId()));
        assertThat(layout.decode(layout.encode(owner))).isEqualTo(owner);
    }

    @Test
    void valuesThatAreNotOwnerRecordsAreNotOwned() {
        KvLayout layout = new KvLayout("services", false);
        assertThat(layout.decode("172.17.0.5:8080")).isNull();
        assertThat(layout.decode("{\"node\":\"node1\"}")).isNull();
        assertThat(layout.decode("")).isNull();
    }
}
