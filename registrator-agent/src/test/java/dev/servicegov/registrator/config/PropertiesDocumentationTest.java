package dev.servicegov.registrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import dev.servicegov.testsupport.DocumentedProperties;
import dev.servicegov.testsupport.DocumentedProperties.Entry;
import dev.servicegov.testsupport.DocumentedProperties.Row;

import org.junit.jupiter.api.Test;

/** The README's table of properties is the generated metadata's: same properties, defaults and variables. */
class PropertiesDocumentationTest {

    private static final Map<String, Entry> METADATA = DocumentedProperties.metadata("registrator");
    private static final Map<String, Row> README = DocumentedProperties.readmeRows(Path.of("README.md"), "registrator");

    @Test
    void theReadmeDocumentsEveryPropertyAndNoOther() {
        assertThat(README.keySet()).containsExactlyInAnyOrderElementsOf(METADATA.keySet());
    }

    @Test
    void everyRowNamesTheEnvironmentVariable() {
        README.values().forEach(row -> assertThat(row.env()).as(row.property())
                .isEqualTo(DocumentedProperties.envName(row.property())));
    }

    @Test
    void theReadmeGivesTheDefaultsOfTheCode() {
        METADATA.values().stream().filter(entry -> entry.defaultValue() != null).forEach(entry ->
                assertThat(README.get(entry.name()).defaultCell()).as(entry.name()).startsWith("`" + entry.defaultValue() + "`"));
    }

    @Test
    void everyPropertyHasADescriptionOfItsOwn() {
        METADATA.values().forEach(entry -> assertThat(entry.description()).as(entry.name()).isNotBlank());
        assertThat(DocumentedProperties.descriptionsOfALongerName(METADATA.values())).isEmpty();
    }
}
