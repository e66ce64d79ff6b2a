package dev.servicegov.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.testcontainers.utility.DockerImageName;

/**
 * The images the tests run, chosen like docker-compose.yml chooses them: the environment variable
 * first, then the project's {@code .env} (written by scripts/local-images.sh), then the official image.
 */
public final class TestImages {

    public static final String OFFICIAL_CONSUL = "hashicorp/consul:1.20.6";
    public static final String OFFICIAL_JRE = "eclipse-temurin:25-jre";
    public static final String OFFICIAL_ETCD = "gcr.io/etcd-development/etcd:v3.4.23";
    public static final String OFFICIAL_NGINX = "nginx:1.28-alpine";

    private TestImages() {
    }

    /** The Consul image, usable by Testcontainers' consul module even when it is a local build. */
    public static DockerImageName consul() {
        String name = setting("CONSUL_IMAGE", System::getenv, projectRoot()).orElse(OFFICIAL_CONSUL);
        return DockerImageName.parse(name).asCompatibleSubstituteFor("hashicorp/consul");
    }

    /** The etcd image (3.4, the v3 API); its command is {@code etcd ...}, like the upstream image's. */
    public static DockerImageName etcd() {
        return DockerImageName.parse(setting("ETCD_IMAGE", System::getenv, projectRoot()).orElse(OFFICIAL_ETCD));
    }

    /** The image of the registrator's read-only Docker API proxy (nginx), as docker-compose.yml picks it. */
    public static DockerImageName dockerApiProxy() {
        return DockerImageName.parse(setting("DOCKER_API_PROXY_IMAGE", System::getenv, projectRoot()).orElse(OFFICIAL_NGINX));
    }

    /**
     * The Java runtime image the apps are built on; tests also use it as a small generic container,
     * running {@link #httpProbeCommand(int)}.
     */
    public static DockerImageName jre() {
        return DockerImageName.parse(setting("JRE_IMAGE", System::getenv, projectRoot()).orElse(OFFICIAL_JRE));
    }

    /**
     * A shell command for {@link #jre()} that serves {@code /health} (body "ok") over HTTP on the port:
     * busybox httpd where the image has it (the local image), else the JDK's own file server
     * ({@code jdk.httpserver}, in every JRE from Java 18 on).
     */
    public static String httpProbeCommand(int port) {
        return "mkdir -p /tmp/www && echo ok > /tmp/www/health && if command -v httpd >/dev/null; "
                + "then exec httpd -f -p " + port + " -h /tmp/www; "
                + "else exec java -m jdk.httpserver -b 0.0.0.0 -p " + port + " -d /tmp/www; fi";
    }

    /** The project's root folder: failsafe passes it as {@code project.root}; else the nearest folder with mvnw. */
    public static Path projectRoot() {
        String configured = System.getProperty("project.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        return dir != null ? dir : Path.of("").toAbsolutePath();
    }

    static Optional<String> setting(String name, Function<String, String> environment, Path root) {
        String fromEnvironment = environment.apply(name);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(fromEnvironment.trim());
        }
        return Optional.ofNullable(dotEnv(root).get(name));
    }

    static Map<String, String> dotEnv(Path root) {
        Path file = root.resolve(".env");
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try (var lines = Files.lines(file)) {
            return lines.map(String::trim)
                    .filter(line -> !line.startsWith("#") && line.contains("="))
                    .collect(java.util.stream.Collectors.toMap(
                            line -> line.substring(0, line.indexOf('=')).trim(),
                            line -> line.substring(line.indexOf('=') + 1).trim(),
                            (first, second) -> second));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
