package io.zhian.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Starts an embedded PostgreSQL before the context is built, unless {@code spring.datasource.url}
 * is set. Runs after config data so that properties, profiles and environment variables count.
 *
 * <p>One server per data folder per JVM: tests that build several contexts share it. A lock file in
 * the data folder stops a second Zhian process from opening the same data.
 */
public class EmbeddedDatabase implements EnvironmentPostProcessor, Ordered {

    static final String ENABLED = "zhian.embedded-db.enabled";
    static final String DATA_DIR = "zhian.embedded-db.data-dir";
    static final String PORT = "zhian.embedded-db.port";
    static final String CLEAN = "zhian.embedded-db.clean";

    private static final Map<Path, Running> RUNNING = new ConcurrentHashMap<>();

    private record Running(EmbeddedPostgres postgres, FileChannel lockChannel, FileLock lock) {}

    @Override
    public int getOrder() {
        // after ConfigDataEnvironmentPostProcessor (HIGHEST_PRECEDENCE + 10)
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (StringUtils.hasText(env.getProperty("spring.datasource.url"))
                || !env.getProperty(ENABLED, Boolean.class, true)) {
            return;
        }
        Path dataDir = Path.of(env.getProperty(DATA_DIR, "data")).toAbsolutePath().normalize();
        boolean clean = env.getProperty(CLEAN, Boolean.class, false);
        int port = env.getProperty(PORT, Integer.class, 0);
        Running running = RUNNING.computeIfAbsent(dataDir, dir -> {
            Running started = start(dir, clean, port);
            // Stop PostgreSQL only after Spring has closed its contexts: beans still talk to the
            // database while they shut down (e.g. the event publication registry), and a JVM
            // shutdown hook of its own would race them and leave them waiting for a connection.
            SpringApplication.getShutdownHandlers().add(() -> stop(dir));
            return started;
        });
        Map<String, Object> props = new HashMap<>();
        props.put("spring.datasource.url", running.postgres().getJdbcUrl("postgres", "postgres"));
        props.put("spring.datasource.username", "postgres");
        props.put("spring.datasource.password", "");
        props.put("zhian.embedded-db.active", "true");
        env.getPropertySources().addFirst(new MapPropertySource("zhianEmbeddedDatabase", props));
    }

    private static Running start(Path dataDir, boolean clean, int port) {
        try {
            Files.createDirectories(dataDir);
            FileChannel channel = FileChannel.open(dataDir.resolve("zhian.lock"),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new DataFolderInUseException(dataDir);
            }
            Path pgDir = dataDir.resolve("postgres");
            if (clean && Files.exists(pgDir)) {
                deleteRecursively(pgDir.toFile());
            }
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(pgDir)
                    .setCleanDataDirectory(false)
                    .setPort(port > 0 ? port : freePort())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setLocaleConfig("locale", "C.UTF-8")
                    .setLocaleConfig("encoding", "UTF8")
                    .setServerConfig("max_connections", "60")
                    .setServerConfig("timezone", "UTC")
                    .setRegisterShutdownHook(false)
                    .start();
            return new Running(postgres, channel, lock);
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL in " + dataDir
                    + ": " + e.getMessage() + ". Set spring.datasource.url to use an external PostgreSQL.", e);
        }
    }

    private static void stop(Path dataDir) {
        Running running = RUNNING.remove(dataDir);
        if (running == null) {
            return;
        }
        try {
            running.postgres().close();
        } catch (IOException e) {
            System.err.println("Could not stop the embedded PostgreSQL in " + dataDir + ": " + e.getMessage());
        }
        try {
            running.lock().release();
            running.lockChannel().close();
        } catch (IOException e) {
            // the lock goes with the process anyway
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(File file) {
        File[] children = file.listFiles();
        if (children != null) {
            for (File child : children) {
                deleteRecursively(child);
            }
        }
        file.delete();
    }

    /** Thrown when another process already uses the data folder. */
    public static class DataFolderInUseException extends RuntimeException {
        private final Path dataDir;

        DataFolderInUseException(Path dataDir) {
            super("Data folder " + dataDir + " is already in use by another Zhian process");
            this.dataDir = dataDir;
        }

        public Path dataDir() {
            return dataDir;
        }
    }
}
