package dev.servicegov.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.servicegov.testsupport.RequiresDocker;
import dev.servicegov.testsupport.TestImages;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.utility.MountableFile;

/**
 * The TLS overlay's one-shot {@code consul-config/tls/init-tls.sh}, run by the Consul image as at each {@code up}: it
 * keeps the node certificates it made while they are young, and makes one anew once
 * {@code CONSUL_TLS_RENEW_AFTER_DAYS} old, so that a stack kept for years does not stop when they expire (825 days).
 */
@RequiresDocker
class TlsCertificateRenewalIT {

    @Test
    void aYoungCertificateIsKept_AnOldOneIsMadeAnewAndTheOthersKept() {
        String script = String.join(" && ",
                "mkdir -p /ca /server /agent /public",
                "sh /init-tls.sh > /tmp/first.log",
                "cp /server/server.pem /tmp/server.pem && cp /agent/agent.pem /tmp/agent.pem",
                "sh /init-tls.sh > /tmp/again.log",
                "cmp /server/server.pem /tmp/server.pem",
                "echo young-kept",
                "touch -t 202001010000 /server/server.pem",
                "sh /init-tls.sh",
                "! cmp -s /server/server.pem /tmp/server.pem",
                "echo old-renewed",
                "cmp /agent/agent.pem /tmp/agent.pem",
                "echo others-kept");
        try (var init = new GenericContainer<>(TestImages.consul())
                .withCopyFileToContainer(MountableFile.forHostPath(
                        TestImages.projectRoot().resolve("consul-config/tls/init-tls.sh")), "/init-tls.sh")
                .withCreateContainerCmdModifier(command -> command.withEntrypoint("/bin/sh"))
                .withCommand("-c", script)
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(60)))) {
            init.start();
            assertThat(init.getLogs()).contains("young-kept", "certificate server is", "days old (valid for 825): making it anew",
                    "certificate server made", "old-renewed", "others-kept");
        }
    }
}
