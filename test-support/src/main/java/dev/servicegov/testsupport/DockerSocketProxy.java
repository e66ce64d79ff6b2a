package dev.servicegov.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The Docker engine's unix socket forwarded to a TCP port on loopback, with a switch that cuts every open
 * connection and refuses new ones until it is restored: what a client sees when the engine restarts or the
 * socket goes away, without restarting the engine under the other tests' containers.
 */
public final class DockerSocketProxy implements AutoCloseable {

    private final Path socket;
    private final int port;
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocketChannel server;

    private DockerSocketProxy(Path socket, int port) {
        this.socket = socket;
        this.port = port;
    }

    /** Forwards a free loopback port to /var/run/docker.sock. */
    public static DockerSocketProxy start() throws IOException {
        int port;
        try (ServerSocketChannel probe = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        DockerSocketProxy proxy = new DockerSocketProxy(Path.of("/var/run/docker.sock"), port);
        proxy.restore();
        return proxy;
    }

    /** The endpoint to give a Docker client: {@code tcp://127.0.0.1:port}. */
    public String dockerHost() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Closes every forwarded connection and refuses new ones. */
    public synchronized void cut() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        for (SocketChannel channel : open) {
            channel.close();
        }
        open.clear();
    }

    /** Accepts connections again, on the same port. */
    public synchronized void restore() throws IOException {
        if (server != null) {
            return;
        }
        ServerSocketChannel listening = ServerSocketChannel.open();
        listening.socket().setReuseAddress(true);
        listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = listening;
        Thread acceptor = new Thread(() -> accept(listening), "docker-socket-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept(ServerSocketChannel listening) {
        while (listening.isOpen()) {
            try {
                SocketChannel client = listening.accept();
                SocketChannel engine = SocketChannel.open(StandardProtocolFamily.UNIX);
                engine.connect(UnixDomainSocketAddress.of(socket));
                open.add(client);
                open.add(engine);
                pump(client, engine);
                pump(engine, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(SocketChannel from, SocketChannel to) {
        Thread thread = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            try {
                while (from.read(buffer) >= 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        to.write(buffer);
                    }
                    buffer.clear();
                }
            } catch (IOException e) {
                // cut, or one side closed: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "docker-socket-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
