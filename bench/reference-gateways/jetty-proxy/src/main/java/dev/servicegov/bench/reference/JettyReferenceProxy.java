package dev.servicegov.bench.reference;

import java.net.URI;

import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Jetty's reverse proxy handler on port 8080 (or the {@code PORT} variable's): {@code /service-web/**} to the same
 * path without the prefix on the upstream named by the {@code UPSTREAM} variable ({@code http://host:port}). What a
 * JVM proxy built on a maintained library costs per request, without Spring.
 */
public final class JettyReferenceProxy {

    private static final String PREFIX = "/service-web";

    public static void main(String[] args) throws Exception {
        URI upstream = URI.create(System.getenv("UPSTREAM"));
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(Integer.parseInt(System.getenv().getOrDefault("PORT", "8080")));
        server.addConnector(connector);
        server.setHandler(new ProxyHandler.Reverse(request -> {
            String path = request.getHttpURI().getPath();
            return HttpURI.build(request.getHttpURI()).scheme(upstream.getScheme()).host(upstream.getHost()).port(upstream.getPort())
                    .path(path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : path).asImmutable();
        }));
        server.start();
        server.join();
    }

    private JettyReferenceProxy() {
    }
}
