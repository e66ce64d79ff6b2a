package dev.servicegov.registrator.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servicegov.registrator.config.RegistratorProperties.DeregisterMode;
import dev.servicegov.registrator.sync.ContainerEventRules.Outcome;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One row per lifecycle rule: what each event means for the container's services, in each deregister mode. */
class ContainerEventRulesTest {

    @ParameterizedTest(name = "{0} (signal {1}, exit {2}, stop signal {3}), deregister={4}, mapped={5}: {6}")
    @CsvSource(nullValues = "-", textBlock = """
            # action,       signal,  exit, stop signal, mode,       mapped, outcome
            start,          -,       -,    -,           ALWAYS,     false,  INSPECT
            unpause,        -,       -,    -,           ALWAYS,     true,   INSPECT
            pause,          -,       -,    -,           ON_SUCCESS, true,   INSPECT
            health_status,  -,       -,    -,           ALWAYS,     true,   INSPECT
            # a stopping signal takes the services out before the process exits; another signal changes nothing
            kill,           SIGTERM, -,    -,           ALWAYS,     true,   WITHDRAW
            kill,           9,       -,    -,           ALWAYS,     true,   WITHDRAW
            kill,           term,    -,    -,           ALWAYS,     true,   WITHDRAW
            kill,           -,       -,    -,           ALWAYS,     true,   WITHDRAW
            kill,           SIGHUP,  -,    -,           ALWAYS,     true,   NONE
            kill,           3,       -,    -,           ALWAYS,     true,   NONE
            # the container's own stop signal is what docker stop sends it: by number or name, it stops it too
            kill,           3,       -,    SIGQUIT,     ALWAYS,     true,   WITHDRAW
            kill,           SIGQUIT, -,    3,           ALWAYS,     true,   WITHDRAW
            kill,           quit,    -,    SIGQUIT,     ALWAYS,     true,   WITHDRAW
            kill,           1,       -,    HUP,         ALWAYS,     true,   WITHDRAW
            kill,           15,      -,    SIGQUIT,     ALWAYS,     true,   WITHDRAW
            kill,           1,       -,    SIGQUIT,     ALWAYS,     true,   NONE
            kill,           28,      -,    SIGQUIT,     ALWAYS,     true,   NONE
            stop,           -,       -,    -,           ALWAYS,     true,   FORGET
            oom,            -,       -,    -,           ALWAYS,     true,   FORGET
            # on-success cannot tell yet how it will exit: a stopping kill puts the services in maintenance
            kill,           15,      -,    -,           ON_SUCCESS, true,   DRAIN
            kill,           SIGKILL, -,    -,           ON_SUCCESS, true,   DRAIN
            kill,           -,       -,    -,           ON_SUCCESS, true,   DRAIN
            kill,           3,       -,    SIGQUIT,     ON_SUCCESS, true,   DRAIN
            kill,           15,      -,    -,           ON_SUCCESS, false,  NONE
            kill,           SIGHUP,  -,    -,           ON_SUCCESS, true,   NONE
            kill,           3,       -,    SIGWINCH,    ON_SUCCESS, true,   NONE
            stop,           -,       -,    -,           ON_SUCCESS, true,   NONE
            oom,            -,       -,    -,           ON_SUCCESS, true,   NONE
            # on-success keeps the services of a container that failed, and only then
            die,            -,       1,    -,           ALWAYS,     true,   FORGET
            die,            -,       0,    -,           ON_SUCCESS, true,   FORGET
            die,            -,       1,    -,           ON_SUCCESS, true,   RETAIN
            die,            -,       127,  -,           ON_SUCCESS, true,   RETAIN
            die,            -,       -,    -,           ON_SUCCESS, true,   RETAIN
            die,            -,       1,    -,           ON_SUCCESS, false,  FORGET
            # ended by a signal (128 + its number): stopped, not failed, as gliderlabs/registrator read it
            die,            -,       143,  -,           ON_SUCCESS, true,   FORGET
            die,            -,       137,  -,           ON_SUCCESS, true,   FORGET
            die,            -,       130,  -,           ON_SUCCESS, true,   FORGET
            destroy,        -,       -,    -,           ON_SUCCESS, true,   FORGET
            # a network event re-reads the addresses of a mapped container; a starting one waits for its start
            connect,        -,       -,    -,           ALWAYS,     true,   INSPECT
            disconnect,     -,       -,    -,           ALWAYS,     true,   INSPECT
            connect,        -,       -,    -,           ALWAYS,     false,  NONE
            """)
    void outcome(String action, String signal, String exitCode, String stopSignal, DeregisterMode mode, boolean mapped,
            Outcome expected) {
        assertThat(ContainerEventRules.outcome(action, signal, exitCode, stopSignal, mode, mapped)).isEqualTo(expected);
    }

    /** The events that change a container's addresses, and so those of the containers in its network namespace. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(textBlock = """
            start,         true
            die,           true
            destroy,       true
            connect,       true
            disconnect,    true
            kill,          false
            stop,          false
            pause,         false
            unpause,       false
            rename,        false
            health_status, false
            """)
    void changesNetworkNamespace(String action, boolean expected) {
        assertThat(ContainerEventRules.changesNetworkNamespace(action)).isEqualTo(expected);
    }
}
