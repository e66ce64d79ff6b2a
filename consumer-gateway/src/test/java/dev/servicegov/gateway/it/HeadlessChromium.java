package dev.servicegov.gateway.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.opentest4j.TestAbortedException;

/**
 * Debian's {@code chromium}, run headless to load a page, run its script and print the resulting DOM.
 * Nothing here installs it: {@link #find()} only looks on the {@code PATH} (CI installs the {@code chromium}
 * package itself). Where none is found, {@link #findOrSkip()} skips the calling test with a message saying
 * how to get one, except under {@code CI=true}, where a missing browser fails the test (the policy of
 * {@code @RequiresDocker}).
 */
final class HeadlessChromium {

    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

    static final String HOW_TO_FIX = "apt-get install chromium";

    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    /** The browser on the {@code PATH}, if any; installs nothing. */
    static Optional<HeadlessChromium> find() {
        return onPath().map(HeadlessChromium::new);
    }

    /**
     * The browser on the {@code PATH}; where there is none, aborts the calling test (skipped, saying why), or
     * fails it when {@code CI=true}.
     */
    static HeadlessChromium findOrSkip() {
        return decide(find(), "true".equalsIgnoreCase(System.getenv("CI")));
    }

    static HeadlessChromium decide(Optional<HeadlessChromium> found, boolean onCi) {
        if (found.isPresent()) {
            return found.get();
        }
        if (onCi) {
            throw new IllegalStateException("CI=true but no chromium on the PATH: " + HOW_TO_FIX);
        }
        throw new TestAbortedException("skipped: no chromium on the PATH; " + HOW_TO_FIX);
    }

    /** The DOM of the page once its scripts ran for up to {@code budgetMillis} of virtual time. */
    String dumpDom(String url, int budgetMillis) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        Process process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile,
                "--virtual-time-budget=" + budgetMillis, "--dump-dom", url)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium did not finish");
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static Optional<Path> onPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            for (String name : NAMES) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
