package dev.servicegov.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.jayway.jsonpath.JsonPath;

import dev.servicegov.testsupport.ConsulHttp;

/**
 * The secure overlay alone ({@code -f docker-compose.yml -f docker-compose.secure.yml}): ACLs deny by default and gossip
 * is encrypted; Consul's HTTP API stays plain HTTP. The checks common with the TLS overlay are in
 * {@link SecureStackChecks}.
 */
class SecureStackIT extends SecureStackChecks {

    @Override
    ComposeStack startStack() throws Exception {
        return ComposeStack.up("sgsecure", files("docker-compose.secure.yml"), INSTANCES);
    }

    @Override
    ConsulHttp anonymousClient() {
        return stack.consul();
    }

    /**
     * A node that loses its data loses the agent token init-acl.sh gave it through the API; it reads it from its
     * configuration instead (init-acl.sh writes it there too). Without it the recreated client agent's own updates
     * were refused ("Coordinate update blocked by ACLs"), so its coordinate in the catalog never changed again. The
     * agent sends one 15 to 30 s after its start.
     */
    @Test
    void theClientAgentRecreatedWithoutItsData_StillHasItsAgentToken() throws Exception {
        theRegistratorRegistersWithItsToken();
        await("the agent's first coordinate in the catalog").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> agentCoordinate(operator.get("/v1/coordinate/nodes")).size() == 1);
        String token = readInAgent("/secrets/management.token").strip();
        stack.removeWithItsData("consul-agent");
        // read on a server (the agent is gone) until it stops changing: its last update may have been on its way
        List<Object> previous;
        List<Object> settled = agentCoordinateOnAServer(token);
        int reads = 1;
        do {
            previous = settled;
            Thread.sleep(6_000); // longer than the servers' 5 s batches of coordinate updates
            settled = agentCoordinateOnAServer(token);
        } while (!settled.equals(previous) && ++reads < 5);
        assertThat(settled).as("the agent's coordinate, settled after the agent was removed").isEqualTo(previous);
        List<Object> before = settled;
        assertThat(before).as("the agent's coordinate before").hasSize(1);

        stack.composeCommand("up", "--detach", "--no-deps", "consul-agent");
        await("the recreated agent's coordinate updated, which takes its agent token").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    List<Object> now = agentCoordinate(operator.get("/v1/coordinate/nodes"));
                    return !now.isEmpty() && !now.equals(before);
                });
        // only the agent's own updates: its first sync may also try to remove the services the catalog still holds
        // for it, with the default (anonymous) token, and be refused until the registrator has put them back
        assertThat(stack.logsOf("consul-agent")).as("the recreated agent's log")
                .doesNotContain("Coordinate update blocked by ACLs");
        theRegistratorRegistersWithItsToken();
    }

    private List<Object> agentCoordinateOnAServer(String token) throws InterruptedException {
        var read = stack.exec("consul-server-1", "wget", "-qO-", "--header", "X-Consul-Token: " + token,
                "http://127.0.0.1:8500/v1/coordinate/nodes");
        assertThat(read.exitCode()).as("the coordinates read on a server: " + read.output()).isZero();
        return agentCoordinate(read.output());
    }

    private static List<Object> agentCoordinate(String coordinates) {
        return JsonPath.read(coordinates, "$[?(@.Node == 'consul-agent')].Coord");
    }
}
