package dev.servicegov.testsupport;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second Docker engine of this test's own, which a test may stop and start like an engine restart without touching
 * the machine's engine that other tests and workers use: its own socket, data and exec root, containerd (namespaced),
 * cgroup parent and network namespace (where its own docker0 bridge lives). Its {@code --network host} containers share
 * that namespace. Needs root, {@code dockerd} (Debian's docker.io 20.10), {@code ip} and {@code nsenter}. {@link #close()} removes its containers,
 * stops it and deletes its folder and namespace; a shutdown hook does the same should the test JVM end first.
 *
 * <p>The network namespace is not optional: in the host's, dockerd would take over the interface {@code docker0} (the
 * main engine's bridge), and with {@code --bridge none} it even deletes it at start, cutting off the main engine's
 * containers.
 */
public final class PrivateDockerEngine implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    static final String NEEDS = "a private dockerd needs root, dockerd (Debian's docker.io 20.10, installed by "
            + "scripts/local-images.sh), ip (iproute2) and nsenter (util-linux) on the PATH";

    private final Path dir;
    private final String name;
    private final Thread shutdownHook = new Thread(this::closeQuietly, "private-docker-engine-cleanup");
    private Process dockerd;
    private boolean liveRestore;
    private boolean answered;
    private boolean closed;

    private PrivateDockerEngine(Path dir) {
        this.dir = dir;
        this.name = dir.getFileName().toString();
    }

    /**
     * Starts a new engine in a fresh folder under /tmp (short: unix socket paths are limited to 108 bytes).
     *
     * @throws IllegalStateException saying why and showing dockerd's log when it does not answer
     */
    public static PrivateDockerEngine start(boolean liveRestore) {
        PrivateDockerEngine engine;
        try {
            engine = new PrivateDockerEngine(Files.createTempDirectory(Path.of("/tmp"), "private-docker-"));
            // its own configuration file, so that the machine's /etc/docker/daemon.json (hosts, bridge...) does not apply
            Files.writeString(engine.dir.resolve("daemon.json"), "{}");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the private Docker engine's folder under /tmp: " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(engine.shutdownHook);
        try {
            engine.createNetworkNamespace();
            engine.startDaemon(liveRestore);
        } catch (RuntimeException e) {
            engine.closeQuietly();
            throw e;
        }
        return engine;
    }

    /** The endpoint for a Docker client: {@code unix:///tmp/private-docker-.../docker.sock}. */
    public String dockerHost() {
        return "unix://" + socket();
    }

    public boolean isRunning() {
        return dockerd != null && dockerd.isAlive();
    }

    /** Whether the running engine keeps its containers running while it is down ({@code --live-restore}). */
    public boolean liveRestore() {
        return liveRestore;
    }

    /** Stops the engine as its service manager would (SIGTERM, wait); its socket file goes away. */
    public synchronized void stop() {
        if (dockerd == null) {
            return;
        }
        dockerd.destroy();
        try {
            if (!dockerd.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                dockerd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("the private dockerd did not stop within " + STOP_TIMEOUT + "; killed it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the private dockerd", e);
        } finally {
            dockerd = null;
        }
    }

    /** Starts the stopped engine again on the same socket, data and containers; returns once it answers. */
    public synchronized void startAgain(boolean withLiveRestore) {
        if (isRunning()) {
            throw new IllegalStateException("the private dockerd is already running");
        }
        startDaemon(withLiveRestore);
    }

    /** Runs the docker CLI against this engine; returns its trimmed output, fails with its error output. */
    public String docker(String... arguments) {
        List<String> command = new ArrayList<>(List.of("docker", "-H", dockerHost()));
        command.addAll(List.of(arguments));
        return CommandLine.run(command);
    }

    /** Copies an image from the machine's engine into this one ({@code docker save | docker load}): there is no registry. */
    public void loadImage(String image) {
        CommandLine.pipe(List.of("docker", "save", image), List.of("docker", "-H", dockerHost(), "load"));
    }

    /** Removes every container, stops the engine, kills what it left running, unmounts and deletes its folder. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            removeContainers();
        } finally {
            try {
                stop();
            } finally {
                new PrivateEngineCleanup(dir, cgroupParent(), name).run();
                removeShutdownHook();
            }
        }
    }

    private void removeContainers() {
        if (!answered) {
            return;
        }
        try {
            if (!isRunning()) {
                startDaemon(false);
            }
            String ids = docker("ps", "-aq");
            if (!ids.isBlank()) {
                List<String> remove = new ArrayList<>(List.of("rm", "-f"));
                remove.addAll(List.of(ids.split("\\s+")));
                docker(remove.toArray(String[]::new));
            }
        } catch (RuntimeException e) {
            System.err.println("[private-docker] cannot remove its containers through the engine (" + e.getMessage()
                    + "); killing what runs in its cgroup instead");
        }
    }

    private void startDaemon(boolean withLiveRestore) {
        List<String> command = new ArrayList<>(List.of("nsenter", "--net=" + networkNamespace(), "--", "dockerd",
                "--host", dockerHost(),
                "--config-file", dir.resolve("daemon.json").toString(),
                "--data-root", dir.resolve("data").toString(),
                "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("docker.pid").toString(),
                // should dockerd find a system containerd it would share it: its own namespaces keep the containers apart
                "--containerd-namespace", name,
                "--containerd-plugins-namespace", name + "-plugins",
                "--cgroup-parent", cgroupParent(),
                // its docker0 is a bridge of its own, in its own network namespace; the host's firewall is left alone
                "--iptables=false", "--ip6tables=false", "--ip-masq=false", "--ip-forward=false"));
        if (withLiveRestore) {
            command.add("--live-restore");
        }
        Path log = dir.resolve("dockerd.log");
        try {
            dockerd = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run nsenter/dockerd (" + e.getMessage() + "): " + NEEDS, e);
        }
        liveRestore = withLiveRestore;
        awaitAnswer(log);
    }

    private void awaitAnswer(Path log) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!dockerd.isAlive()) {
                dockerd = null;
                throw new IllegalStateException("the private dockerd exited at start: " + NEEDS + ". Its log:\n" + tail(log));
            }
            if (answersPing()) {
                answered = true;
                return;
            }
            sleep(100);
        }
        stop();
        throw new IllegalStateException("the private dockerd did not answer within " + READY_TIMEOUT + ": " + NEEDS
                + ". Its log:\n" + tail(log));
    }

    /** {@code GET /_ping} straight on the socket: cheaper than a CLI call every 100 ms. */
    private boolean answersPing() {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket()));
            channel.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer response = ByteBuffer.allocate(256);
            channel.read(response);
            return new String(response.array(), 0, response.position(), StandardCharsets.US_ASCII).startsWith("HTTP/1.0 200");
        } catch (IOException e) {
            return false;
        }
    }

    private void createNetworkNamespace() {
        try {
            CommandLine.run(List.of("ip", "netns", "add", name));
            CommandLine.run(List.of("nsenter", "--net=" + networkNamespace(), "--", "ip", "link", "set", "lo", "up"));
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot create the private engine's network namespace (" + e.getMessage() + "): "
                    + NEEDS, e);
        }
    }

    private String networkNamespace() {
        return "/run/netns/" + name;
    }

    private Path socket() {
        return dir.resolve("docker.sock");
    }

    /** A cgroup of its own, so that what its containers run can be found (and killed) without the engine. */
    private String cgroupParent() {
        return "/" + name;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the private dockerd", e);
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: this is the hook running
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("[private-docker] cleanup of " + dir + " failed: " + e.getMessage());
        }
    }
}
