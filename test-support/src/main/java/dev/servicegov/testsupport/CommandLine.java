package dev.servicegov.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a command (or a pipeline of two) to its end and returns its output; a failure carries its error output. */
final class CommandLine {

    private static final long TIMEOUT_SECONDS = 120;

    private CommandLine() {
    }

    static String run(List<String> command) {
        try {
            return finish(command, new ProcessBuilder(command).start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    /** {@code first | second}: the output of the second; fails when either fails. */
    static String pipe(List<String> first, List<String> second) {
        try {
            List<Process> processes = ProcessBuilder.startPipeline(List.of(new ProcessBuilder(first), new ProcessBuilder(second)));
            CompletableFuture<String> firstErrors = readAsync(processes.get(0).getErrorStream());
            String output = finish(second, processes.get(1));
            finish(first, processes.get(0), firstErrors);
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", first) + " | " + String.join(" ", second)
                    + ": " + e.getMessage(), e);
        }
    }

    private static String finish(List<String> command, Process process) {
        return finish(command, process, readAsync(process.getErrorStream()));
    }

    private static String finish(List<String> command, Process process, CompletableFuture<String> errors) {
        CompletableFuture<String> output = readAsync(process.getInputStream());
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                        + errors.join().trim());
            }
            return output.join().trim();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    private static CompletableFuture<String> readAsync(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, CommandLine::daemonThread);
    }

    /** One thread per stream: the common pool may have a single thread, and stdout and stderr must drain together. */
    private static void daemonThread(Runnable task) {
        Thread thread = new Thread(task, "command-line-reader");
        thread.setDaemon(true);
        thread.start();
    }
}
