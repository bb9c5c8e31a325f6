package io.zhian.enterprise.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.multipart.MultipartFile;

/**
 * The rules for a deed photo: JPEG or PNG as told by the file's first bytes (the name and the declared
 * type are ignored), at most 5 MB, not empty.
 */
final class DeedPhotos {

    static final int MAX_BYTES = 5 * 1024 * 1024;
    static final String JPEG = "image/jpeg";
    static final String PNG = "image/png";

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private DeedPhotos() {}

    /** The content type the bytes are, by their signature; empty when neither JPEG nor PNG. */
    static Optional<String> detect(byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8 && (bytes[2] & 0xFF) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (bytes.length >= PNG_SIGNATURE.length) {
            for (int i = 0; i < PNG_SIGNATURE.length; i++) {
                if (bytes[i] != PNG_SIGNATURE[i]) {
                    return Optional.empty();
                }
            }
            return Optional.of(PNG);
        }
        return Optional.empty();
    }

    /** Why these bytes cannot be a deed photo, or empty when they can. */
    static Optional<String> problem(byte[] bytes) {
        if (bytes.length == 0) {
            return Optional.of("the file is empty");
        }
        if (bytes.length > MAX_BYTES) {
            return Optional.of("must be at most 5 MB");
        }
        if (detect(bytes).isEmpty()) {
            return Optional.of("must be a JPEG or PNG image (the file's content is neither)");
        }
        return Optional.empty();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String extension(String contentType) {
        return PNG.equals(contentType) ? "png" : "jpg";
    }

    /**
     * The uploaded bytes, reading at most one byte beyond the limit (so an oversized file is recognised
     * without being held in memory whole); null when no file was chosen.
     */
    static byte[] read(MultipartFile file) {
        if (file == null || (file.isEmpty() && (file.getOriginalFilename() == null || file.getOriginalFilename().isBlank()))) {
            return null;
        }
        try (InputStream in = file.getInputStream()) {
            return in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The stored bytes under the stored (detected) content type, never sniffed, shown inline, cached only
     * by the person's own browser.
     */
    static ResponseEntity<byte[]> response(EnterpriseStore.PhotoRow photo) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(photo.contentType()))
                .contentLength(photo.bytes().length)
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename("deed-" + photo.deedId() + "." + extension(photo.contentType())).build().toString())
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(10)).cachePrivate())
                .eTag("\"" + photo.sha256() + "\"")
                .body(photo.bytes());
    }
}
