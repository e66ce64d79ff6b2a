package dev.servicegov.web;

import java.nio.file.Path;

import dev.servicegov.testsupport.PropertiesDocumentationContract;

/** The table "service-web configuration" of the project's README is the generated metadata's. */
class PropertiesDocumentationTest extends PropertiesDocumentationContract {

    PropertiesDocumentationTest() {
        super(Path.of("../README.md"), "web");
    }
}
