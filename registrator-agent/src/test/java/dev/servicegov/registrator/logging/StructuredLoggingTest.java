package dev.servicegov.registrator.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemProperty;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The console log is plain text by default (the module's application.yml is loaded) and JSON (Elastic Common Schema)
 * once the environment variable LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs is set.
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingTest {

    @Configuration(proxyBeanMethods = false)
    static class Empty {
    }

    static void logWith(Map<String, Object> environmentVariables, String message) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environmentVariables));
        SpringApplication application = new SpringApplication(Empty.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setEnvironment(environment);
        try (ConfigurableApplicationContext context = application.run()) {
            LoggerFactory.getLogger(StructuredLoggingTest.class).warn(message);
        }
    }

    /** Each run configures logging afresh, and the tests after this one log as usual. */
    @AfterEach
    void resetLogging() {
        LoggingSystem.get(getClass().getClassLoader()).cleanUp();
        // a run copies the format into this system property, which a later run in the same JVM would still see
        System.clearProperty(LoggingSystemProperty.CONSOLE_STRUCTURED_FORMAT.getEnvironmentVariableName());
    }

    static String lineWith(CapturedOutput output, String message) {
        return Arrays.stream(output.getOut().split("\\R")).filter(line -> line.contains(message)).findFirst().orElseThrow();
    }

    @Test
    void plainTextByDefault(CapturedOutput output) {
        logWith(Map.of(), "plain line for the test");
        assertThat(lineWith(output, "plain line for the test")).doesNotStartWith("{").contains("WARN");
    }

    @Test
    void jsonWhenTheEnvironmentVariableAsksForEcs(CapturedOutput output) throws Exception {
        logWith(Map.of("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs"), "structured line for the test");
        JsonNode json = new ObjectMapper().readTree(lineWith(output, "structured line for the test"));
        assertThat(json.path("message").asText()).isEqualTo("structured line for the test");
        assertThat(json.path("log").path("level").asText()).isEqualTo("WARN");
        assertThat(json.path("log").path("logger").asText()).isEqualTo(StructuredLoggingTest.class.getName());
        assertThat(json.path("ecs").path("version").asText()).isNotEmpty();
    }
}
