package dev.servicegov.registrator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Watches the Docker engine and registers every container's services in Consul. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RegistratorApplication {

    public static void main(String[] args) {
        SpringApplication.run(RegistratorApplication.class, args);
    }
}
