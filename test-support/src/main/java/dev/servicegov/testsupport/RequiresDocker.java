package dev.servicegov.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that needs a real Docker engine. Where none answers the class is skipped
 * with a message saying why, except under {@code CI=true}, where a missing engine fails the build.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(DockerAvailabilityCondition.class)
public @interface RequiresDocker {
}
