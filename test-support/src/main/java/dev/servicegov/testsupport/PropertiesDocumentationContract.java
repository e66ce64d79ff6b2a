package dev.servicegov.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.servicegov.testsupport.DocumentedProperties.Entry;
import dev.servicegov.testsupport.DocumentedProperties.Row;

import org.junit.jupiter.api.Test;

/**
 * A module's README documents its configuration properties as its code has them: the same properties as the generated
 * metadata, each row with its environment variable and the code's default, each property with a description of its own.
 * A module's test extends it, naming its README and its properties' prefix.
 */
public abstract class PropertiesDocumentationContract {

    private final Map<String, Entry> metadata;
    private final Map<String, Row> readme;

    protected PropertiesDocumentationContract(Path readme, String prefix) {
        this.metadata = DocumentedProperties.metadata(prefix);
        this.readme = DocumentedProperties.readmeRows(readme, prefix);
    }

    /** The properties the README must have a row for: the metadata's, unless the module documents a map's entries. */
    protected Set<String> documentedProperties(Map<String, Entry> metadata) {
        return metadata.keySet();
    }

    @Test
    void theReadmeDocumentsEveryPropertyAndNoOther() {
        assertEquals(new TreeSet<>(documentedProperties(metadata)), new TreeSet<>(readme.keySet()),
                "the properties of the code (expected) and of the README (actual)");
    }

    @Test
    void everyRowGivesTheVariableAndTheDefaultAndEveryPropertyHasADescriptionOfItsOwn() {
        List<String> discrepancies = DocumentedProperties.discrepancies(readme, metadata);
        assertTrue(discrepancies.isEmpty(), () -> String.join("\n", discrepancies));
    }
}
