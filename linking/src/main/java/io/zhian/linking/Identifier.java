package io.zhian.linking;

import java.util.Objects;

/**
 * A normalised identifier: the unit that links cases. Two raw spellings of the same phone
 * or card become equal {@code Identifier}s, which is what makes linking work at all.
 *
 * @param type  identifier type
 * @param value normalised value (see {@link IdentifierNormalizer})
 */
public record Identifier(IdentifierType type, String value) implements Comparable<Identifier> {
    public Identifier {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    /** Identifiers sort by type, then value, so reports and evidence are deterministic. */
    @Override
    public int compareTo(Identifier o) {
        int c = type.compareTo(o.type);
        return c != 0 ? c : value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return type + ":" + value;
    }
}
