package dev.servicegov.gateway.consul;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** A real CA certificate for tests, made by the JDK's keytool (the JDK has no API to make one). */
public final class TestCertificates {

    private TestCertificates() {
    }

    /** Makes a self-signed CA in {@code dir} and returns its certificate as a PEM file. */
    public static Path selfSignedCa(Path dir) throws IOException, InterruptedException {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path store = dir.resolve("ca.p12");
        Path pem = dir.resolve("ca.pem");
        run(List.of(keytool, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-dname", "CN=test CA", "-ext", "bc:c",
                "-keystore", store.toString(), "-storepass", "changeit"));
        run(List.of(keytool, "-exportcert", "-rfc", "-alias", "ca", "-keystore", store.toString(), "-storepass", "changeit",
                "-file", pem.toString()));
        return pem;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
