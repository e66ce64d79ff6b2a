package dev.servicegov.gateway.settings;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;

import org.hibernate.validator.constraints.time.DurationMin;

/** A duration of more than 0: a period of zero repeats its task (a probe, a failed query) in a busy loop. */
@Documented
@DurationMin(nanos = 1)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({FIELD, METHOD, PARAMETER})
@Retention(RUNTIME)
public @interface PositiveDuration {

    String message() default "must be more than 0, with a unit, e.g. 1s";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
