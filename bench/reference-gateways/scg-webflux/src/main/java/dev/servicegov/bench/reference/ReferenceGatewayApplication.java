package dev.servicegov.bench.reference;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Spring Cloud Gateway with its defaults and one route (application.yml): the library's own cost per request. */
@SpringBootApplication
public class ReferenceGatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReferenceGatewayApplication.class, args);
    }
}
