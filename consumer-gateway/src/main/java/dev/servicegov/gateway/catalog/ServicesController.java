package dev.servicegov.gateway.catalog;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /services}: every service Consul knows with its healthy instances, as seen right now. */
@RestController
public class ServicesController {

    /** Also a name no service is routed under (the gateway's routes are asked first). */
    public static final String PATH = "/services";

    private final ServiceCatalog catalog;

    public ServicesController(ServiceCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<ServiceView>> services() {
        return catalog.snapshot();
    }
}
