package io.zhian.community.internal;

import io.zhian.audit.AuditTrail;
import io.zhian.community.internal.CommunityViews.Compound;
import io.zhian.community.internal.CommunityViews.Consent;
import io.zhian.community.internal.CommunityViews.Credential;
import io.zhian.community.internal.CommunityViews.DeviceCredential;
import io.zhian.community.internal.CommunityViews.Door;
import io.zhian.shared.Actor;
import io.zhian.shared.ConflictException;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NotFoundException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Door controllers, residents' credentials and face consent. Every resident always keeps a non-face
 * way in (card, QR or PIN): removing the last one is refused, and there is no face-only setting. The
 * platform stores no face image or template, only that a face credential is enrolled on a device.
 */
@Service
class AccessControl {

    static final Set<String> NON_FACE = Set.of("CARD", "QR", "PIN");
    static final Set<String> CONSENT_METHODS = Set.of("PAPER", "APP", "IN_PERSON");
    static final Duration ONLINE_WITHIN = Duration.ofMinutes(5);
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_.:-]{2,64}");
    private static final Pattern CARD = Pattern.compile("[0-9A-Fa-f]{4,32}");
    private static final Pattern PIN = Pattern.compile("\\d{6}");

    private final JdbcClient jdbc;
    private final Compounds compounds;
    private final AuditTrail audit;
    private final PasswordEncoder passwords;
    private final PersonalDataCipher cipher;
    private final CommunitySettings settings;

    AccessControl(JdbcClient jdbc, Compounds compounds, AuditTrail audit, PasswordEncoder passwords, PersonalDataCipher cipher,
                  CommunitySettings settings) {
        this.jdbc = jdbc;
        this.compounds = compounds;
        this.audit = audit;
        this.passwords = passwords;
        this.cipher = cipher;
        this.settings = settings;
    }

    // ---- doors ----

    @Transactional
    long addDoor(Actor actor, long compoundId, String deviceId, String name, String location) {
        Compound c = compounds.get(actor, compoundId);
        Compounds.requireAny(actor, Compounds.MANAGERS, "register door controllers");
        List<FieldProblem> problems = new ArrayList<>();
        if (deviceId == null || !DEVICE_ID.matcher(deviceId.strip()).matches()) {
            problems.add(new FieldProblem("deviceId", "is required: 2 to 64 letters, digits or _.:-"));
        } else if (jdbc.sql("SELECT count(*) FROM community_door WHERE device_id = :d").param("d", deviceId.strip())
                .query(Long.class).single() > 0) {
            problems.add(new FieldProblem("deviceId", "is already registered"));
        }
        if (name == null || name.isBlank() || name.strip().length() > 100) {
            problems.add(new FieldProblem("name", "is required (at most 100 characters)"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id = jdbc.sql("""
                        INSERT INTO community_door (compound_id, device_id, name, location) VALUES (:c, :d, :n, :l) RETURNING id""")
                .param("c", c.id()).param("d", deviceId.strip()).param("n", name.strip())
                .param("l", location == null || location.isBlank() ? null : location.strip()).query(Long.class).single();
        audit.record("DOOR_CREATE", "door", id, c.code() + " " + deviceId.strip());
        return id;
    }

    List<Door> doors(Actor actor, long compoundId) {
        compounds.get(actor, compoundId);
        return doors(compoundId);
    }

    List<Door> doors(long compoundId) {
        Instant cutoff = Instant.now().minus(ONLINE_WITHIN);
        return jdbc.sql("SELECT id, compound_id, device_id, name, location, last_seen_at FROM community_door WHERE compound_id = :c ORDER BY name, id")
                .param("c", compoundId)
                .query((rs, n) -> {
                    Instant seen = rs.getObject("last_seen_at", java.time.OffsetDateTime.class) == null ? null
                            : rs.getObject("last_seen_at", java.time.OffsetDateTime.class).toInstant();
                    return new Door(rs.getLong("id"), rs.getLong("compound_id"), rs.getString("device_id"), rs.getString("name"),
                            rs.getString("location"), seen, seen != null && seen.isAfter(cutoff));
                }).list();
    }

    Door door(Actor actor, long doorId) {
        long compoundId = jdbc.sql("SELECT compound_id FROM community_door WHERE id = :id").param("id", doorId).query(Long.class)
                .optional().orElseThrow(() -> new NotFoundException("door", doorId));
        compounds.get(actor, compoundId);
        return doors(compoundId).stream().filter(d -> d.id() == doorId).findFirst().orElseThrow();
    }

    /**
     * The credential list a door controller fetches: every credential of the compound's residents with
     * its enabled flag, face credentials only for this device. Withdrawn consent shows as disabled.
     */
    List<DeviceCredential> deviceCredentials(Actor actor, long doorId) {
        Door door = door(actor, doorId);
        Compounds.requireAny(actor, Compounds.MANAGERS, "fetch device credential lists");
        jdbc.sql("UPDATE community_door SET last_seen_at = now() WHERE id = :id").param("id", doorId).update();
        return jdbc.sql("""
                        SELECT k.id, k.resident_id, k.kind, k.card_no, k.enabled, k.disabled_reason FROM community_credential k
                        JOIN community_resident p ON p.id = k.resident_id
                        WHERE p.compound_id = :c AND k.kind IN ('CARD', 'PIN', 'FACE') AND (k.kind <> 'FACE' OR k.door_id = :door)
                        ORDER BY k.id""")
                .param("c", door.compoundId()).param("door", doorId)
                .query((rs, n) -> new DeviceCredential(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
                        rs.getString(6))).list();
    }

    // ---- credentials ----

    List<Credential> credentials(Actor actor, long residentId) {
        compounds.residentScope(actor, residentId);
        return credentials(residentId);
    }

    private List<Credential> credentials(long residentId) {
        return jdbc.sql("""
                        SELECT id, resident_id, kind, card_no, door_id, enabled, disabled_reason, created_at FROM community_credential
                        WHERE resident_id = :r ORDER BY id""")
                .param("r", residentId)
                .query((rs, n) -> new Credential(rs.getLong("id"), rs.getLong("resident_id"), rs.getString("kind"), rs.getString("card_no"),
                        rs.getObject("door_id", Long.class), rs.getBoolean("enabled"), rs.getString("disabled_reason"),
                        rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant())).list();
    }

    /** Card, PIN or QR (a QR credential enables short-lived signed codes); face goes through {@link #enrolFace}. */
    @Transactional
    long addCredential(Actor actor, long residentId, String kind, String cardNo, String pin) {
        compounds.residentScope(actor, residentId);
        Compounds.requireAny(actor, Compounds.MANAGERS, "issue credentials");
        String k = kind == null ? "" : kind.strip().toUpperCase(Locale.ROOT);
        if (k.equals("FACE")) {
            throw new InvalidInputException("kind", "face credentials are enrolled on a device with the resident's consent");
        }
        if (!NON_FACE.contains(k)) {
            throw new InvalidInputException("kind", "must be CARD, QR or PIN");
        }
        String card = null;
        String pinHash = null;
        if (k.equals("CARD")) {
            if (cardNo == null || !CARD.matcher(cardNo.strip()).matches()) {
                throw new InvalidInputException("cardNo", "is required: 4 to 32 hexadecimal characters");
            }
            card = cardNo.strip().toUpperCase(Locale.ROOT);
        } else if (k.equals("PIN")) {
            if (pin == null || !PIN.matcher(pin.strip()).matches()) {
                throw new InvalidInputException("pin", "must be 6 digits");
            }
            pinHash = passwords.encode(pin.strip());
        }
        long id = jdbc.sql("""
                        INSERT INTO community_credential (resident_id, kind, card_no, pin_hash) VALUES (:r, :k, :c, :p) RETURNING id""")
                .param("r", residentId).param("k", k).param("c", card).param("p", pinHash).query(Long.class).single();
        audit.record("CREDENTIAL_ISSUE", "credential", id, "resident=" + residentId + " kind=" + k);
        return id;
    }

    /** Disables a credential; the last enabled non-face credential cannot go (a non-face way in always remains). */
    @Transactional
    void disableCredential(Actor actor, long credentialId, String reason) {
        Credential c = credential(actor, credentialId);
        Compounds.requireAny(actor, Compounds.MANAGERS, "disable credentials");
        if (!c.enabled()) {
            throw new ConflictException("credential", "this credential is already disabled");
        }
        if (NON_FACE.contains(c.kind())) {
            long others = credentials(c.residentId()).stream()
                    .filter(o -> o.enabled() && o.id() != c.id() && NON_FACE.contains(o.kind())).count();
            if (others == 0) {
                throw new ConflictException("credential", "this is the resident's last card, QR or PIN credential: every resident "
                        + "keeps a non-face way in, so issue another card, QR or PIN first");
            }
        }
        disable(credentialId, reason == null || reason.isBlank() ? "disabled by property desk" : reason.strip());
        audit.record("CREDENTIAL_DISABLE", "credential", credentialId, reason);
    }

    /** There is no face-only entry; a request to switch it on is refused with the reason. */
    void refuseFaceOnly() {
        throw new ConflictException("faceOnly", "face-only entry cannot be enabled: every resident must keep a card, QR or PIN "
                + "alternative (PIPL Arts. 28-29; SPC 2021 face-recognition rules Art. 10)");
    }

    private Credential credential(Actor actor, long credentialId) {
        long residentId = jdbc.sql("SELECT resident_id FROM community_credential WHERE id = :id").param("id", credentialId)
                .query(Long.class).optional().orElseThrow(() -> new NotFoundException("credential", credentialId));
        compounds.residentScope(actor, residentId);
        return credentials(residentId).stream().filter(c -> c.id() == credentialId).findFirst().orElseThrow();
    }

    private void disable(long credentialId, String reason) {
        jdbc.sql("UPDATE community_credential SET enabled = false, disabled_reason = :r, disabled_at = now() WHERE id = :id")
                .param("r", reason).param("id", credentialId).update();
    }

    // ---- face consent ----

    List<Consent> consents(Actor actor, long residentId) {
        compounds.residentScope(actor, residentId);
        return jdbc.sql("""
                        SELECT id, resident_id, given_at, text_version, method, withdrawn_at FROM community_face_consent
                        WHERE resident_id = :r ORDER BY id""")
                .param("r", residentId)
                .query((rs, n) -> new Consent(rs.getLong(1), rs.getLong(2), rs.getObject(3, java.time.OffsetDateTime.class).toInstant(),
                        rs.getString(4), rs.getString(5), rs.getObject(6, java.time.OffsetDateTime.class) == null ? null
                        : rs.getObject(6, java.time.OffsetDateTime.class).toInstant())).list();
    }

    /**
     * Records the resident's separate consent and that a face credential is enrolled on the device.
     * Refused while the resident has no enabled non-face credential.
     */
    @Transactional
    long enrolFace(Actor actor, long residentId, long doorId, String textVersion, String method) {
        compounds.residentScope(actor, residentId);
        Compounds.requireAny(actor, Compounds.MANAGERS, "enrol faces");
        Door door = door(actor, doorId);
        List<FieldProblem> problems = new ArrayList<>();
        if (door.compoundId() != compounds.residentCompound(residentId)) {
            problems.add(new FieldProblem("doorId", "the device is not in the resident's compound"));
        }
        if (textVersion == null || textVersion.isBlank() || textVersion.strip().length() > 20) {
            problems.add(new FieldProblem("textVersion", "the version of the consent text the resident agreed to is required"));
        }
        String m = method == null ? "" : method.strip().toUpperCase(Locale.ROOT);
        if (!CONSENT_METHODS.contains(m)) {
            problems.add(new FieldProblem("method", "must be PAPER, APP or IN_PERSON"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (credentials(residentId).stream().noneMatch(c -> c.enabled() && NON_FACE.contains(c.kind()))) {
            throw new ConflictException("kind", "issue a card, QR or PIN first: face entry is only ever an addition");
        }
        long consent = jdbc.sql("""
                        INSERT INTO community_face_consent (resident_id, given_at, text_version, method) VALUES (:r, now(), :v, :m)
                        RETURNING id""")
                .param("r", residentId).param("v", textVersion.strip()).param("m", m).query(Long.class).single();
        long id = jdbc.sql("INSERT INTO community_credential (resident_id, kind, door_id) VALUES (:r, 'FACE', :d) RETURNING id")
                .param("r", residentId).param("d", doorId).query(Long.class).single();
        audit.record("FACE_CONSENT_GIVEN", "resident", residentId, "consent=" + consent + " text=" + textVersion.strip() + " method=" + m
                + " device=" + door.deviceId());
        return id;
    }

    /** Withdrawal disables every face credential of the resident; door controllers see them disabled. */
    @Transactional
    int withdrawFaceConsent(Actor actor, long residentId) {
        compounds.residentScope(actor, residentId);
        Compounds.requireAny(actor, Compounds.MANAGERS, "record consent withdrawal");
        int consents = jdbc.sql("UPDATE community_face_consent SET withdrawn_at = now() WHERE resident_id = :r AND withdrawn_at IS NULL")
                .param("r", residentId).update();
        if (consents == 0) {
            throw new ConflictException("consent", "the resident has no face consent in force");
        }
        int disabled = jdbc.sql("""
                        UPDATE community_credential SET enabled = false, disabled_reason = 'consent withdrawn', disabled_at = now()
                        WHERE resident_id = :r AND kind = 'FACE' AND enabled""")
                .param("r", residentId).update();
        audit.record("FACE_CONSENT_WITHDRAWN", "resident", residentId, disabled + " face credentials disabled");
        return disabled;
    }

    // ---- QR codes: short-lived, HMAC-signed ----

    /** A QR token for a resident with an enabled QR credential: {@code R.<resident>.<expiry>.<signature>}. */
    String issueQr(Actor actor, long residentId) {
        compounds.residentScope(actor, residentId);
        Compounds.requireAny(actor, Compounds.MANAGERS, "issue QR codes");
        if (credentials(residentId).stream().noneMatch(c -> c.enabled() && c.kind().equals("QR"))) {
            throw new ConflictException("kind", "the resident has no enabled QR credential");
        }
        long expiry = Instant.now().plusSeconds(settings.qrTokenSeconds).getEpochSecond();
        return sign("R", residentId, expiry);
    }

    String sign(String kind, long id, long expiryEpoch) {
        String body = kind + "." + id + "." + expiryEpoch;
        return body + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(cipher.sign("qr", body));
    }

    /** Verifies a token's signature and expiry; returns {kind, id} or null. */
    String[] verify(String token, Instant now) {
        if (token == null) {
            return null;
        }
        String[] parts = token.strip().split("\\.");
        if (parts.length != 4 || !(parts[0].equals("R") || parts[0].equals("V"))) {
            return null;
        }
        String body = parts[0] + "." + parts[1] + "." + parts[2];
        byte[] expected = cipher.sign("qr", body);
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(parts[3]);
            if (!MessageDigest.isEqual(expected, given) || Long.parseLong(parts[2]) < now.getEpochSecond()) {
                return null;
            }
            Long.parseLong(parts[1]);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return new String[] {parts[0], parts[1]};
    }
}
