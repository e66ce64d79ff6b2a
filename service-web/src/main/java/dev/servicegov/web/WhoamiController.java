package dev.servicegov.web;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Answers which instance served the request. */
@RestController
public class WhoamiController {

    /** The answer: enough for a caller to tell instances apart and to reach this one directly. */
    public record Whoami(String service, String instanceId, String hostname, String ip, int port,
                         long requestsServed, Instant startedAt) {
    }

    private final InstanceIdentity identity;
    private final Instant startedAt = Instant.now();
    private final AtomicLong requestsServed = new AtomicLong();
    private volatile int port;

    public WhoamiController(InstanceIdentity identity) {
        this.identity = identity;
    }

    @EventListener
    void onWebServerStarted(WebServerInitializedEvent event) {
        this.port = event.getWebServer().getPort();
    }

    @GetMapping({"/", "/whoami"})
    public Whoami whoami() {
        return new Whoami(identity.service(), identity.instanceId(), identity.hostname(), identity.ip(), port,
                requestsServed.incrementAndGet(), startedAt);
    }
}
