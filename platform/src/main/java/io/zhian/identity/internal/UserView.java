package io.zhian.identity.internal;

import io.zhian.shared.Masking;
import java.time.Instant;
import java.util.List;

/** A user as shown to others: the phone masked, no secrets. */
public record UserView(long id, String username, String displayName, String phoneMasked, long unitId, long regionId,
                       boolean enabled, boolean locked, boolean mustChangePassword, boolean totpEnrolled,
                       Instant lastLoginAt, int version, List<AssignmentView> roles) {

    public record AssignmentView(String role, String scope, Long scopeRegionId) {}

    static UserView of(UserStore.UserRow u, List<UserStore.Assignment> assignments) {
        return new UserView(u.id(), u.username(), u.displayName(), Masking.phone(u.phone()), u.unitId(), u.regionId(),
                u.enabled(), u.lockedAt(Instant.now()), u.mustChangePassword(), u.totpEnrolled(), u.lastLoginAt(), u.version(),
                assignments.stream().map(a -> new AssignmentView(a.role().name(), a.scope().name(), a.scopeRegionId())).toList());
    }
}
