package io.zhian.community.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Encrypts residents' personal data at rest (AES-256-GCM, random 96-bit IV stored before the
 * ciphertext, the field name as associated data so values cannot be swapped between columns) and
 * computes keyed hashes (HMAC-SHA256 with a key derived from the data key) for duplicate detection.
 *
 * <p>The key comes from {@code zhian.community.data-key} (base64, 32 bytes) and never from the
 * repository. Under the demo profile an unset key is generated once into the data folder.
 */
@Component
class PersonalDataCipher {

    private static final Logger log = LoggerFactory.getLogger(PersonalDataCipher.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final SecretKeySpec hashKey;
    // JCE lookups cost more than the work on short values: one Cipher and one Mac per thread
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(PersonalDataCipher::newCipher);
    private final ThreadLocal<Mac> hashes = ThreadLocal.withInitial(this::newHashMac);

    @org.springframework.beans.factory.annotation.Autowired
    PersonalDataCipher(Environment env) {
        this(load(env));
    }

    PersonalDataCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            this.hashKey = new SecretKeySpec(mac.doFinal("zhian.community.id-hash".getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] load(Environment env) {
        return io.zhian.shared.SecretKeys.load(env, "zhian.community.data-key", "Residents' personal data", "community-data-key");
    }

    byte[] encrypt(String field, String plain) {
        if (plain == null) {
            return null;
        }
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher c = ciphers.get();
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            c.updateAAD(field.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[12 + ct.length];
            System.arraycopy(iv, 0, out, 0, 12);
            System.arraycopy(ct, 0, out, 12, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    String decrypt(String field, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            Cipher c = ciphers.get();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, data, 0, 12));
            c.updateAAD(field.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(data, 12, data.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed: wrong zhian.community.data-key or altered data", e);
        }
    }

    byte[] hash(String value) {
        return hashes.get().doFinal(value.getBytes(StandardCharsets.UTF_8));
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Mac newHashMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hashKey);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signature for short-lived tokens (QR codes, visitor passes), with its own derived key. */
    byte[] sign(String purpose, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hashKey);
            byte[] k = mac.doFinal(("token:" + purpose).getBytes(StandardCharsets.UTF_8));
            Mac m2 = Mac.getInstance("HmacSHA256");
            m2.init(new SecretKeySpec(k, "HmacSHA256"));
            return m2.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
