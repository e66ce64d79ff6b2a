package dev.servicegov.web;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** A service that says which instance answered. It knows nothing about Consul: it is registered from outside. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ServiceWebApplication {

    public static void main(String[] args) {
        SpringApplication.run(ServiceWebApplication.class, args);
    }
}
