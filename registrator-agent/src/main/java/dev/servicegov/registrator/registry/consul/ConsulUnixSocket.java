package dev.servicegov.registrator.registry.consul;

import java.net.URI;
import java.nio.file.Path;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JettyClientHttpRequestFactory;

/**
 * HTTP over the Consul agent's unix socket ({@code consul-unix://}), through Jetty's client: the JDK's HTTP
 * clients cannot use unix sockets. Its own class so that Jetty is loaded only when that scheme is used.
 */
final class ConsulUnixSocket {

    private ConsulUnixSocket() {
    }

    static ClientHttpRequestFactory requestFactory(String socket) {
        Transport unix = new Transport.TCPUnix(Path.of(socket));
        // Spring's factory asks the client for each request: every one goes to the socket, whatever the URI's host
        HttpClient client = new HttpClient() {
            @Override
            public Request newRequest(URI uri) {
                return super.newRequest(uri).transport(unix);
            }
        };
        // daemon threads, few of them: one agent talks to one socket, and nothing should hold the JVM at shutdown
        QueuedThreadPool threads = new QueuedThreadPool(4, 1);
        threads.setName("consul-unix");
        threads.setDaemon(true);
        client.setExecutor(threads);
        client.setScheduler(new ScheduledExecutorScheduler("consul-unix-scheduler", true));
        JettyClientHttpRequestFactory factory = new JettyClientHttpRequestFactory(client);
        factory.setConnectTimeout(ConsulHttpClients.CONNECT_TIMEOUT);
        factory.setReadTimeout(ConsulHttpClients.READ_TIMEOUT);
        return factory;
    }
}
