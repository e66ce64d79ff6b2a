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
    void everyRowGivesTheVariableAndTheDefaultAndEveryPropertyHasADescriptionOfItsOwn() {
        assertThat(DocumentedProperties.discrepancies(README, METADATA)).isEmpty();
    }
}
