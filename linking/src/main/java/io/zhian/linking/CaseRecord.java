package io.zhian.linking;

import java.util.List;
import java.util.Objects;

/**
 * One reported fraud case as input to linking.
 *
 * @param key         stable case key (case number); numeric ids can use {@link #of(long, CaseAttributes, List)}
 * @param attributes  descriptive attributes
 * @param identifiers raw identifiers as reported; they are normalised by the index
 */
public record CaseRecord(String key, CaseAttributes attributes, List<RawIdentifier> identifiers) {
    public CaseRecord {
        Objects.requireNonNull(key, "key");
        if (key.isBlank()) {
            throw new IllegalArgumentException("case key must not be blank");
        }
        attributes = attributes == null ? CaseAttributes.NONE : attributes;
        identifiers = List.copyOf(identifiers);
    }

    public static CaseRecord of(long id, CaseAttributes attributes, List<RawIdentifier> identifiers) {
        return new CaseRecord(Long.toString(id), attributes, identifiers);
    }

    public static CaseRecord of(String key, RawIdentifier... identifiers) {
        return new CaseRecord(key, CaseAttributes.NONE, List.of(identifiers));
    }
}
