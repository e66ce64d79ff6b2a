package dev.servicegov.registrator.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A service id the registry holds for someone else: left alone, but for the same instance another tool registered. */
class ForeignIdsTest {

    static final ServiceDefinition WANTED = new ServiceDefinition("shop-1", "shop", "172.17.0.5", 8080, List.of(), Map.of(),
            null, "c", "shop", "image");

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "another node's agent, same instance     | true  | 172.17.0.5 | 8080 | true  | true",
        "another node's agent, other instance    | true  | 10.0.0.9   | 80   | true  | true",
        "another node's agent, not wanted here   | true  | 172.17.0.5 | 8080 | false | true",
        "by hand, other address                  | false | 10.0.0.9   | 8080 | true  | true",
        "by hand, other port                     | false | 172.17.0.5 | 80   | true  | true",
        "by hand, no address                     | false |            | 8080 | true  | true",
        "by hand, not wanted here                | false | 172.17.0.5 | 8080 | false | true",
        "another tool, same instance (takeover)  | false | 172.17.0.5 | 8080 | true  | false",
    })
    void leavesAloneWhatItDoesNotOwn(String situation, boolean agent, String address, int port, boolean wanted,
            boolean leftAlone) {
        assertThat(ForeignIds.leaveAlone(agent, address, port, wanted ? WANTED : null)).as(situation).isEqualTo(leftAlone);
    }
}
