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

/** A duration of 0 or more: no setting of the gateway means anything by a negative one. */
@Documented
@DurationMin(nanos = 0)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({FIELD, METHOD, PARAMETER})
@Retention(RUNTIME)
public @interface NonNegativeDuration {

    String message() default "must not be negative: 0 or more with a unit, e.g. 10s";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
