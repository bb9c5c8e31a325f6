package io.zhian.shared;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * 256-bit keys that encrypt data at rest (residents' personal data, device passwords). A key comes from
 * configuration (base64, e.g. {@code openssl rand -base64 32}, from the environment or a secret store —
 * never the repository). Without one the server refuses to start, except under the demo profile, which
 * generates a key once into the data folder (owner-only file) and reuses it on later starts.
 */
public final class SecretKeys {

    private static final Logger log = LoggerFactory.getLogger(SecretKeys.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretKeys() {}

    /**
     * @param property    the configuration property holding the base64 key
     * @param purpose     what the key protects, for the error message
     * @param demoFile    file name under the data folder for the demo profile's generated key
     */
    public static byte[] load(Environment env, String property, String purpose, String demoFile) {
        String configured = env.getProperty(property);
        if (configured != null && !configured.isBlank()) {
            return decode(configured.strip(), property);
        }
        if (!env.acceptsProfiles(Profiles.of("demo"))) {
            throw new IllegalStateException(property + " is not set. " + purpose + " is encrypted with it: set it to a base64 "
                    + "256-bit key (e.g. `openssl rand -base64 32`) from a secret store, never the repository. Only the demo profile "
                    + "generates one. / 未配置 " + property + "：请用 `openssl rand -base64 32` 生成密钥并通过环境变量或密钥库提供。");
        }
        Path file = Path.of(env.getProperty("zhian.embedded-db.data-dir", "data")).toAbsolutePath().normalize().resolve(demoFile);
        try {
            if (Files.exists(file)) {
                return decode(Files.readString(file).strip(), file.toString());
            }
            byte[] k = new byte[32];
            RANDOM.nextBytes(k);
            Files.createDirectories(file.getParent());
            Files.writeString(file, Base64.getEncoder().encodeToString(k));
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            log.warn("{} is unset, so the demo profile generated a key into {} (demo only: production sets {})", property, file, property);
            return k;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read or write the demo key " + file, e);
        }
    }

    static byte[] decode(String base64, String where) {
        byte[] k;
        try {
            k = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + " is not base64");
        }
        if (k.length != 32) {
            throw new IllegalStateException(where + " must be 32 bytes (256 bits), base64-encoded; it has " + k.length);
        }
        return k;
    }
}
