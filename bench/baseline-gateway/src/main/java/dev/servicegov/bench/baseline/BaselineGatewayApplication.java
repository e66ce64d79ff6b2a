package dev.servicegov.bench.baseline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The removal benchmark's baseline consumer: Spring Cloud Gateway's discovery locator over Consul and the
 * LoadBalancer, every discovery and load-balancing setting left at Spring Cloud's default.
 */
@SpringBootApplication
public class BaselineGatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(BaselineGatewayApplication.class, args);
    }
}
