package io.zhian.linking;

/** An identifier as written in the case file, before normalisation. */
public record RawIdentifier(IdentifierType type, String raw) {
    public RawIdentifier {
        java.util.Objects.requireNonNull(type, "type");
    }

    public static RawIdentifier of(IdentifierType type, String raw) {
        return new RawIdentifier(type, raw);
    }
}
