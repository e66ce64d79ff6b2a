package dev.servicegov.registrator.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import dev.servicegov.registrator.registry.OwnedService;

import org.junit.jupiter.api.Test;

class ListedServicesTest {

    @Test
    void aRecordWithoutItsContainerIsNeverKeptAsARetainedContainersService() {
        ListedServices listed = new ListedServices();
        // a key-value owner record written before the container was kept in it
        listed.listed(Map.of("n1:old:80", new OwnedService("", null), "n1:failed:80", new OwnedService("", "c1")));

        assertThat(listed.idsBut(Set.of("c1"), Map.of())).containsExactly("n1:old:80");
        assertThat(listed.containers()).containsExactly("c1");
    }

    @Test
    void unknownBeforeTheFirstListing() {
        ListedServices listed = new ListedServices();

        assertThat(listed.idsBut(Set.of("c1"), Map.of())).isNull();
        assertThat(listed.containers()).isEmpty();
        assertThat(listed.fingerprintOf("n1:web:80")).isNull();
    }
}
