package dev.servicegov.gateway.settings;

import java.util.Map;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

/** Binds {@code gateway.*} as the application does, Bean Validation included. */
final class GatewayBinding {

    private GatewayBinding() {
    }

    static GatewayProperties bind(Map<String, String> properties) {
        try (LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean()) {
            validator.afterPropertiesSet();
            return new Binder(new MapConfigurationPropertySource(properties))
                    .bindOrCreate("gateway", Bindable.of(GatewayProperties.class), new ValidationBindHandler(validator));
        }
    }
}
