package dev.servicegov.gateway.observe;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /}: the status page (plain HTML, its script polls the JSON); {@code GET /services/status}:
 * the JSON — Consul's state, each watched service's instances, how the last requests spread.
 */
@RestController
public class StatusController {

    private final StatusReport report;
    private final Resource page = new ClassPathResource("status-page/index.html");

    public StatusController(StatusReport report) {
        this.report = report;
    }

    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    public Resource page() {
        return page;
    }

    @GetMapping(path = "/services/status", produces = MediaType.APPLICATION_JSON_VALUE)
    public StatusReport.Report status() {
        return report.report();
    }
}
