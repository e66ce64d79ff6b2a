package dev.servicegov.bench.reference;

import java.net.URI;

import io.vertx.core.VerticleBase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyInterceptor;

/**
 * Vert.x's reverse proxy on port 8080 (or the {@code PORT} variable's): {@code /service-web/**} to the same path
 * without the prefix on the upstream named by the {@code UPSTREAM} variable ({@code http://host:port}); one server
 * and client per core, as Vert.x scales. What a JVM proxy on Netty, built from a maintained library, costs per request
 * without Spring.
 */
public final class VertxReferenceProxy extends VerticleBase {

    private static final String PREFIX = "/service-web";

    private final URI upstream;

    private VertxReferenceProxy(URI upstream) {
        this.upstream = upstream;
    }

    @Override
    public Future<?> start() {
        HttpProxy proxy = HttpProxy.reverseProxy(vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(32)));
        proxy.origin(upstream.getPort(), upstream.getHost());
        proxy.addInterceptor(ProxyInterceptor.builder().removingPathPrefix(PREFIX).build());
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        return vertx.createHttpServer().requestHandler(proxy).listen(port);
    }

    public static void main(String[] args) {
        URI upstream = URI.create(System.getenv("UPSTREAM"));
        int instances = Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        System.out.println("transport: " + (vertx.isNativeTransportEnabled() ? "native" : "NIO"));
        vertx.deployVerticle(() -> new VertxReferenceProxy(upstream), new DeploymentOptions().setInstances(instances))
                .onFailure(failure -> {
                    failure.printStackTrace();
                    System.exit(1);
                });
    }
}
