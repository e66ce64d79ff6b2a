package dev.servicegov.gateway.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.servicegov.testsupport.DocumentedProperties;
import dev.servicegov.testsupport.DocumentedProperties.Entry;
import dev.servicegov.testsupport.DocumentedProperties.Row;

import org.junit.jupiter.api.Test;

/** The README's settings table is the generated metadata's: same properties, defaults and variables. */
class PropertiesDocumentationTest {

    private static final Map<String, Entry> METADATA = DocumentedProperties.metadata("gateway");
    private static final Map<String, Row> README = DocumentedProperties.readmeRows(Path.of("README.md"), "gateway");
    private static final Pattern CAMEL_HUMP = Pattern.compile("(?=[A-Z])");

    @Test
    void theReadmeDocumentsEveryPropertyAndNoOther() {
        Set<String> properties = new HashSet<>(METADATA.keySet());
        // the metadata has the map itself; the README its entries' settings, one row each
        properties.remove("gateway.services");
        Arrays.stream(ServiceSettings.class.getRecordComponents()).map(component -> "gateway.services.<name>."
                + CAMEL_HUMP.splitAsStream(component.getName()).map(String::toLowerCase).reduce((a, b) -> a + "-" + b)
                        .orElseThrow()).forEach(properties::add);
        assertThat(README.keySet()).containsExactlyInAnyOrderElementsOf(properties);
    }

    @Test
    void everyRowGivesTheVariableAndTheDefaultAndEveryPropertyHasADescriptionOfItsOwn() {
        assertThat(DocumentedProperties.discrepancies(README, METADATA)).isEmpty();
    }
}
