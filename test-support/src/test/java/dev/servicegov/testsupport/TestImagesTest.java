package dev.servicegov.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestImagesTest {

    @TempDir
    Path root;

    @Test
    void environmentWinsOverDotEnv() throws Exception {
        Files.writeString(root.resolve(".env"), "CONSUL_IMAGE=local/consul:1.8.7\n");
        assertThat(TestImages.setting("CONSUL_IMAGE", Map.of("CONSUL_IMAGE", "mine/consul:1")::get, root)).contains("mine/consul:1");
    }

    @Test
    void dotEnvIsReadWhenTheEnvironmentIsSilent() throws Exception {
        Files.writeString(root.resolve(".env"), "# written by scripts/local-images.sh\nJRE_IMAGE=local/jre:25\nCONSUL_IMAGE = local/consul:1.8.7\n");
        assertThat(TestImages.setting("CONSUL_IMAGE", name -> null, root)).contains("local/consul:1.8.7");
    }

    @Test
    void nothingWhenNeitherSaysAnything() {
        assertThat(TestImages.setting("CONSUL_IMAGE", name -> null, root)).isEmpty();
    }
}
