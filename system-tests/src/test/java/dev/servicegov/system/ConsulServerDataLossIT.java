package dev.servicegov.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.jayway.jsonpath.JsonPath;

import dev.servicegov.testsupport.ConsulHttp;
import dev.servicegov.testsupport.RequiresDocker;

/**
 * A Consul server that loses its data volume (a lost disk, a volume removed by mistake) and is recreated: it comes
 * back as the node the cluster knows, with the cluster's data, and the cluster tolerates a failure again. The servers'
 * node ids are given to a new data directory by consul-config/server-entrypoint.sh; with a new random id Raft took
 * the server back, but the catalog kept the old id under its name and refused the server's own updates for as long
 * as it ran ("Node name consul-server-N is reserved by node <old id>"). Only the Consul cluster of
 * docker-compose.yml runs here.
 */
@RequiresDocker
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsulServerDataLossIT {

    private static final String RESERVED = "is reserved by node";

    private static ComposeStack stack;
    private static ConsulHttp consul;

    @BeforeAll
    static void startTheCluster() throws IOException {
        stack = ComposeStack.consulOnly("sgdataloss");
        consul = stack.consul();
    }

    @AfterAll
    static void tearTheClusterDown() {
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void threeVotingServers() {
        await("three voting servers").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(stack::toleratesAServerFailure);
    }

    @Test
    @Order(1)
    void aFollowerRecreatedWithoutItsData_RejoinsAsTheSameNodeWithTheClustersDataWithinThirtySeconds() throws Exception {
        String leader = consul.leader();
        String follower = ComposeStack.CONSUL_SERVERS.stream()
                .filter(server -> !leader.startsWith(stack.ipOf(stack.containers(server).get(0).getId()) + ":"))
                .findFirst().orElseThrow();

        recreateWithoutItsData(follower, "rm", "--stop", "--force", follower);
    }

    @Test
    @Order(2)
    void theLeaderKilledAndRecreatedWithoutItsData_ANewLeaderIsElectedAndItRejoinsAsTheSameNodeWithinThirtySeconds()
            throws Exception {
        String oldLeader = consul.leader();
        String leader = stack.consulServerAt(oldLeader.substring(0, oldLeader.indexOf(':'))).getLabels()
                .get("com.docker.compose.service");

        recreateWithoutItsData(leader, "kill", leader);

        assertThat(consul.leader()).as("the leader after the old one lost its data").isNotEqualTo(oldLeader).isNotEmpty();
    }

    /**
     * Writes a key, takes the server down with the given compose command, removes its container and data volume,
     * creates it again, and checks that it is the same Raft server and node, holds the key, and was not refused.
     */
    private static void recreateWithoutItsData(String server, String... takeDown) throws Exception {
        String key = "servicegov/before-" + server + "-lost-its-data";
        assertThat(stack.exec("consul-agent", "consul", "kv", "put", key, "kept").exitCode()).isZero();
        List<String> raftServersBefore = stack.raftServers();
        String nodeIdBefore = catalogNodeId(server);

        stack.composeCommand(takeDown);
        stack.composeCommand("rm", "--force", server);
        ComposeStack.docker().removeVolumeCmd(stack.projectName() + "_" + server + "-data").exec();
        long recreatedAt = System.nanoTime();
        stack.composeCommand("up", "--detach", "--no-deps", server);

        await("the cluster tolerating a failure again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(stack::toleratesAServerFailure);
        System.out.printf("%s recreated without its data: the cluster tolerated a failure again %d ms later%n", server,
                (System.nanoTime() - recreatedAt) / 1_000_000);
        assertThat(stack.raftServers()).as("the Raft servers (id@address) after " + server + " lost its data")
                .isEqualTo(raftServersBefore);
        assertThat(stack.exec(server, "consul", "kv", "get", "-stale", key).output().strip())
                .as("the key written before, read on the recreated server itself").isEqualTo("kept");
        String ownNodeId = JsonPath.read(stack.exec(server, "wget", "-qO-", "http://127.0.0.1:8500/v1/agent/self").output(),
                "$.Config.NodeID");
        assertThat(ownNodeId).as("the recreated server's own node id").isEqualTo(nodeIdBefore);
        assertThat(catalogNodeId(server)).as("its node id in the catalog").isEqualTo(nodeIdBefore);
        assertThat(stack.logsOf(server)).as("the recreated server's log").doesNotContain(RESERVED);
    }

    private static String catalogNodeId(String node) {
        return JsonPath.read(consul.get("/v1/catalog/node/" + node), "$.Node.ID");
    }
}
