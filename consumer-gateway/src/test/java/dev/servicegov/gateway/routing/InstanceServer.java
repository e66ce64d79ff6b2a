package dev.servicegov.gateway.routing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/** The one instance behind {@link ProxyOnJetty}, on loopback, counting the requests it gets. */
interface InstanceServer extends AutoCloseable {

    int port();

    AtomicInteger hits();

    @Override
    void close();

    /** An instance on the JDK's HTTP server, answering each request as {@code answer} says. */
    static InstanceServer answering(HttpHandler answer) throws IOException {
        AtomicInteger hits = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            answer.handle(exchange);
        });
        server.start();
        return new InstanceServer() {
            @Override
            public int port() {
                return server.getAddress().getPort();
            }

            @Override
            public AtomicInteger hits() {
                return hits;
            }

            @Override
            public void close() {
                server.stop(0);
            }
        };
    }

    /**
     * An instance that reads each request's head and writes {@code answer} as it is, byte for byte, then closes the
     * connection: for what the JDK's server cannot send (interim answers, for one). Requests must have no body.
     */
    static InstanceServer writingRaw(String answer) throws IOException {
        AtomicInteger hits = new AtomicInteger();
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket connection = socket.accept()) {
                    readHead(connection.getInputStream());
                    hits.incrementAndGet();
                    connection.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
                    connection.getOutputStream().flush();
                } catch (IOException closedOrHungUp) {
                    // the next accept tells which
                }
            }
        }, "raw-instance");
        acceptor.setDaemon(true);
        acceptor.start();
        return new InstanceServer() {
            @Override
            public int port() {
                return socket.getLocalPort();
            }

            @Override
            public AtomicInteger hits() {
                return hits;
            }

            @Override
            public void close() {
                try {
                    socket.close();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    private static void readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                return;
            }
        }
    }
}
