package dev.servicegov.registrator.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.servicegov.registrator.config.RegistratorProperties;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** registrator's {@code -tags} as the environment gives it: what cannot be a tag is said at start and left out. */
class MappingTest {

    static RegistratorProperties withTags(String tags) {
        return new Binder(new MapConfigurationPropertySource(Map.of("registrator.tags", tags)))
                .bindOrCreate("registrator", RegistratorProperties.class);
    }

    @Test
    void plainTagsAreAddedTrimmed() {
        RegistratorProperties properties = withTags("blue, v2");
        assertThat(Mapping.tagWarnings(properties)).isEmpty();
        assertThat(Mapping.context(properties, "node1", null).extraTags()).containsExactly("blue", "v2");
    }

    @Test
    void aGoTemplateOrAnEmptyItemIsWarnedAboutAndLeftOut() {
        RegistratorProperties properties = withTags("blue,{{.Hostname}},,v2");
        assertThat(Mapping.context(properties, "node1", null).extraTags()).containsExactly("blue", "v2");
        assertThat(Mapping.tagWarnings(properties)).satisfiesExactlyInAnyOrder(
                warning -> assertThat(warning).contains("REGISTRATOR_TAGS", "'{{.Hostname}}'", "Go templates", "leaving it out"),
                warning -> assertThat(warning).contains("REGISTRATOR_TAGS", "''", "a tag between each two commas"));
    }
}
