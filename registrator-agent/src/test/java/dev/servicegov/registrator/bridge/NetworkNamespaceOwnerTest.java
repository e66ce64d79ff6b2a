package dev.servicegov.registrator.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which container's network namespace a container shares, read from its network mode. */
class NetworkNamespaceOwnerTest {

    @ParameterizedTest(name = "network mode {0}: {1}")
    @CsvSource(nullValues = "-", textBlock = """
            container:3b1f9c0d2e4a,  3b1f9c0d2e4a
            container:,              -
            bridge,                  -
            host,                    -
            none,                    -
            default,                 -
            my-net,                  -
            -,                       -
            """)
    void networkNamespaceOwner(String networkMode, String expected) {
        ContainerInfo container = new ContainerInfo("id", "name", "image", Map.of(), Map.of(), Map.of(), List.of(), networkMode,
                false, null);
        assertThat(container.networkNamespaceOwner()).isEqualTo(expected);
    }
}
