package dev.servicegov.registrator.config;

import java.nio.file.Path;

import dev.servicegov.testsupport.PropertiesDocumentationContract;

/** The README's table of properties is the generated metadata's: same properties, defaults and variables. */
class PropertiesDocumentationTest extends PropertiesDocumentationContract {

    PropertiesDocumentationTest() {
        super(Path.of("README.md"), "registrator");
    }
}
