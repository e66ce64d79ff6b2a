package dev.servicegov.gateway;

import java.security.Security;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point: a gateway that resolves services by name through Consul and client-side load balancing. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    public static void main(String[] args) {
        shortDnsCache();
        SpringApplication.run(GatewayApplication.class, args);
    }

    /**
     * Consul's agent is found by its name (consul-agent). Recreated, it may get another address, which the JVM would keep
     * using for 30 s; while it restarts, the name does not resolve, and the JVM would keep that failure for 10 s after
     * the agent is back. So a name is looked up again after a second, and a failure at once. These are security
     * properties, read at the first lookup: the JDK's java.security sets the negative one, which a
     * {@code -Dsun.net.inetaddr.negative.ttl} system property therefore cannot change.
     */
    static void shortDnsCache() {
        Security.setProperty("networkaddress.cache.ttl", "1");
        Security.setProperty("networkaddress.cache.negative.ttl", "0");
    }
}
