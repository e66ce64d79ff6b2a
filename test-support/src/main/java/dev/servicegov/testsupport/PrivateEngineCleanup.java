package dev.servicegov.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a stopped {@link PrivateDockerEngine} may leave behind, removed: processes still in its cgroup (containers kept
 * by live-restore), its containerd and shims should dockerd have been killed, its mounts (dockerd leaves its data root
 * bind-mounted and a network namespace mounted even after a clean stop), its cgroups, its network namespace and its
 * folder. Only what its own
 * folder or cgroup names is touched; every step is best effort and reports what it could not do.
 */
final class PrivateEngineCleanup implements Runnable {

    private static final Path CGROUPS = Path.of("/sys/fs/cgroup");

    private final Path dir;
    private final String cgroupParent;
    private final String networkNamespace;

    PrivateEngineCleanup(Path dir, String cgroupParent, String networkNamespace) {
        this.dir = dir;
        this.cgroupParent = cgroupParent;
        this.networkNamespace = networkNamespace;
    }

    @Override
    public void run() {
        killProcessesInItsCgroup();
        killProcessesNamingItsFolder();
        unmountUnderItsFolder();
        removeItsCgroups();
        deleteItsNetworkNamespace();
        deleteItsFolder();
    }

    private void killProcessesInItsCgroup() {
        for (Path procs : cgroupFiles("cgroup.procs")) {
            try {
                for (String pid : Files.readAllLines(procs)) {
                    if (!pid.isBlank()) {
                        ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            } catch (IOException | RuntimeException e) {
                report("cannot read " + procs, e);
            }
        }
    }

    /** containerd and its shims are started with this folder in their arguments (socket, config, state). */
    private void killProcessesNamingItsFolder() {
        String folder = dir.toString();
        ProcessHandle.allProcesses()
                .filter(process -> process.pid() != ProcessHandle.current().pid())
                .filter(process -> process.info().commandLine().map(line -> line.contains(folder)).orElse(false))
                .forEach(process -> {
                    process.destroyForcibly();
                    process.onExit().completeOnTimeout(process, 5, TimeUnit.SECONDS).join();
                });
    }

    private void unmountUnderItsFolder() {
        List<String> mountPoints = new ArrayList<>();
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/mountinfo"))) {
            lines.map(line -> line.split(" ")[4])
                    .filter(point -> point.equals(dir.toString()) || point.startsWith(dir + "/"))
                    .forEach(mountPoints::add);
        } catch (IOException e) {
            report("cannot read /proc/self/mountinfo", e);
        }
        mountPoints.sort(Comparator.comparingInt(String::length).reversed());
        for (String point : mountPoints) {
            try {
                CommandLine.run(List.of("umount", "-l", point));
            } catch (RuntimeException e) {
                report("cannot unmount " + point, e);
            }
        }
    }

    /** Empty cgroup folders are removed with rmdir, deepest first. */
    private void removeItsCgroups() {
        List<Path> groups = new ArrayList<>(cgroupFiles("cgroup.procs").stream().map(Path::getParent).toList());
        groups.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path group : groups) {
            try {
                Files.deleteIfExists(group);
            } catch (IOException e) {
                report("cannot remove the cgroup " + group, e);
            }
        }
    }

    private void deleteItsNetworkNamespace() {
        if (!Files.exists(Path.of("/run/netns", networkNamespace))) {
            return;
        }
        try {
            CommandLine.run(List.of("ip", "netns", "delete", networkNamespace));
        } catch (RuntimeException e) {
            report("cannot delete the network namespace " + networkNamespace, e);
        }
    }

    private void deleteItsFolder() {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | RuntimeException e) {
            report("cannot delete " + dir, e);
        }
    }

    /** Its cgroup in every hierarchy (one per controller in cgroup v1, one in v2), with the containers' below. */
    private List<Path> cgroupFiles(String fileName) {
        List<Path> roots = new ArrayList<>();
        Path unified = CGROUPS.resolve(cgroupParent.substring(1));
        if (Files.isDirectory(unified)) {
            roots.add(unified);
        }
        try (Stream<Path> hierarchies = Files.list(CGROUPS)) {
            hierarchies.map(hierarchy -> hierarchy.resolve(cgroupParent.substring(1))).filter(Files::isDirectory).forEach(roots::add);
        } catch (IOException e) {
            report("cannot list " + CGROUPS, e);
        }
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> found = Files.walk(root)) {
                found.filter(path -> path.getFileName().toString().equals(fileName)).forEach(files::add);
            } catch (IOException e) {
                report("cannot walk the cgroup " + root, e);
            }
        }
        return files;
    }

    private void report(String what, Exception e) {
        System.err.println("[private-docker] " + what + ": " + e.getMessage());
    }
}
