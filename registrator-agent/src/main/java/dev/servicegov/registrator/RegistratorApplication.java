package dev.servicegov.registrator;

import java.security.Security;

import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ApplicationListener;

/** Watches the Docker engine and registers every container's services in Consul. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RegistratorApplication {

    public static void main(String[] args) {
        shortDnsCache();
        RegistratorArguments.Translation translation;
        try {
            translation = RegistratorArguments.translate(args);
        } catch (IllegalArgumentException e) {
            System.err.println("registrator-agent: " + e.getMessage());
            System.exit(2); // as registrator (Go's flag package) for a bad command line
            return;
        }
        SpringApplication application = new SpringApplication(RegistratorApplication.class);
        if (!translation.properties().isEmpty()) {
            application.addListeners((ApplicationListener<ApplicationPreparedEvent>) prepared -> LoggerFactory
                    .getLogger(RegistratorApplication.class)
                    .info("registrator's command line read as registrator.{}", translation.properties()));
        }
        application.run(translation.springArguments());
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
