package dev.servicegov.registrator.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Signals as Docker writes them: numbers, names with or without SIG in any case, real-time signals. */
class SignalsTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(textBlock = """
            SIGHUP,      1
            SIGINT,      2
            SIGQUIT,     3
            SIGILL,      4
            SIGTRAP,     5
            SIGABRT,     6
            SIGIOT,      6
            SIGBUS,      7
            SIGFPE,      8
            SIGKILL,     9
            SIGUSR1,     10
            SIGSEGV,     11
            SIGUSR2,     12
            SIGPIPE,     13
            SIGALRM,     14
            SIGTERM,     15
            SIGSTKFLT,   16
            SIGCHLD,     17
            SIGCLD,      17
            SIGCONT,     18
            SIGSTOP,     19
            SIGTSTP,     20
            SIGTTIN,     21
            SIGTTOU,     22
            SIGURG,      23
            SIGXCPU,     24
            SIGXFSZ,     25
            SIGVTALRM,   26
            SIGPROF,     27
            SIGWINCH,    28
            SIGIO,       29
            SIGPOLL,     29
            SIGPWR,      30
            SIGSYS,      31
            SIGRTMIN,    34
            SIGRTMIN+3,  37
            RTMAX-1,     63
            SIGRTMAX,    64
            # without SIG, in any case, as a number, with blanks around
            QUIT,        3
            quit,        3
            SigQuit,     3
            3,           3
            03,          3
            ' 15 ',      15
            # unknown names stay names, upper case without SIG, so that the same one still matches itself
            SIGFOO,      FOO
            """)
    void canonical(String signal, String expected) {
        assertThat(Signals.canonical(signal)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} and {1}: {2}")
    @CsvSource(nullValues = "-", textBlock = """
            SIGQUIT, 3,       true
            3,       quit,    true
            QUIT,    SIGQUIT, true
            SIGABRT, SIGIOT,  true
            sigfoo,  FOO,     true
            SIGHUP,  SIGTERM, false
            1,       15,      false
            SIGFOO,  SIGBAR,  false
            -,       15,      false
            15,      -,       false
            """)
    void same(String signal, String other, boolean expected) {
        assertThat(Signals.same(signal, other)).isEqualTo(expected);
    }
}
