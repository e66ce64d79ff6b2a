package dev.servicegov.gateway.settings;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.servicegov.testsupport.DocumentedProperties.Entry;
import dev.servicegov.testsupport.PropertiesDocumentationContract;

/** The README's settings table is the generated metadata's: same properties, defaults and variables. */
class PropertiesDocumentationTest extends PropertiesDocumentationContract {

    private static final Pattern CAMEL_HUMP = Pattern.compile("(?=[A-Z])");

    PropertiesDocumentationTest() {
        super(Path.of("README.md"), "gateway");
    }

    /** The metadata has the map {@code gateway.services}; the README a row per setting of its entries. */
    @Override
    protected Set<String> documentedProperties(Map<String, Entry> metadata) {
        Set<String> properties = new TreeSet<>(metadata.keySet());
        properties.remove("gateway.services");
        Arrays.stream(ServiceSettings.class.getRecordComponents())
                .map(component -> "gateway.services.<name>." + CAMEL_HUMP.splitAsStream(component.getName())
                        .map(String::toLowerCase).collect(Collectors.joining("-")))
                .forEach(properties::add);
        return properties;
    }
}
