package dev.servicegov.registrator.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"2s, true", "500ms, true", "1m30s, true", "1.5s, true", "1h, true", "banana, false", "10, false",
            "0s, false", "'', false", "-1s, false", "5 s, false"})
    void validity(String text, boolean valid) {
        assertThat(Durations.isValid(text)).isEqualTo(valid);
    }

    @ParameterizedTest
    @CsvSource({"PT2S, 2s", "PT1M, 60s", "PT0.5S, 500ms"})
    void format(String duration, String expected) {
        assertThat(Durations.format(Duration.parse(duration))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"2s, PT2S", "1m30s, PT1M30S", "1.5s, PT1.5S", "500ms, PT0.5S", "1h, PT1H"})
    void parse(String text, String expected) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
    }
}
