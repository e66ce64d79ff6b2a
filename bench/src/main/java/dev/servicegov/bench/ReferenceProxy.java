package dev.servicegov.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A reference proxy for the gateway overhead benchmark: nginx (Debian's {@code nginx-light}) on the host, in front of
 * the same published instance port the direct path calls, keeping its upstream connections alive, one worker per core.
 * What one lean proxy hop costs on this machine, next to what the gateway's hop costs. Optional: without nginx the
 * benchmark says how to add it and measures the other paths.
 */
final class ReferenceProxy implements AutoCloseable {

    private final Process process;
    final int port;

    private ReferenceProxy(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** nginx from {@code bench.nginx} or the usual places, or empty when there is none. */
    static Optional<Path> findNginx() {
        return Stream.of(System.getProperty("bench.nginx", ""), "/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx")
                .filter(path -> !path.isBlank()).map(Path::of).filter(Files::isExecutable).findFirst();
    }

    /** Starts nginx on a free loopback port, proxying {@code /service-web/} to {@code 127.0.0.1:upstreamPort}. */
    static ReferenceProxy start(Path nginx, int upstreamPort) throws IOException, InterruptedException {
        Path prefix = Files.createTempDirectory("sg-bench-nginx");
        int port = freeLoopbackPort();
        Files.writeString(prefix.resolve("nginx.conf"), """
                worker_processes %d;
                pid %s/nginx.pid;
                error_log %s/error.log;
                events { worker_connections 1024; }
                http {
                  access_log off;
                  upstream instance { server 127.0.0.1:%d; keepalive 32; }
                  server {
                    listen 127.0.0.1:%d;
                    location /service-web/ {
                      proxy_pass http://instance/;
                      proxy_http_version 1.1;
                      proxy_set_header Connection "";
                      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    }
                  }
                }
                """.formatted(Runtime.getRuntime().availableProcessors(), prefix, prefix, upstreamPort, port));
        Process process = new ProcessBuilder(nginx.toString(), "-p", prefix.toString(), "-c", prefix.resolve("nginx.conf").toString(),
                "-g", "daemon off;").redirectErrorStream(true).redirectOutput(prefix.resolve("stdout.log").toFile()).start();
        ReferenceProxy proxy = new ReferenceProxy(process, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!proxy.listening()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                proxy.close();
                throw new IllegalStateException("nginx did not start; its log: " + prefix.resolve("error.log"));
            }
            Thread.sleep(50);
        }
        return proxy;
    }

    /** The host PIDs of nginx's master and workers, for their CPU time. */
    java.util.List<Long> pids() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants()).map(ProcessHandle::pid).toList();
    }

    private boolean listening() {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }
}
