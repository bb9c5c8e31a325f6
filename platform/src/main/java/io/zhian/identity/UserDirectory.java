package io.zhian.identity;

import io.zhian.identity.internal.UserStore;
import io.zhian.shared.Role;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Looks up who a user is (no secrets, no phone), e.g. to hand a case to a named person. */
@Service
public class UserDirectory {

    public record UserSummary(long id, String username, String displayName, long unitId, long regionId, boolean enabled) {}

    private final UserStore users;

    UserDirectory(UserStore users) {
        this.users = users;
    }

    public Optional<UserSummary> findByUsername(String username) {
        return users.findByUsername(username).map(UserDirectory::summary);
    }

    public Optional<UserSummary> find(long id) {
        return users.find(id).map(UserDirectory::summary);
    }

    /** Whether the user holds the role (in any scope), e.g. to check that a team member is a surveyor. */
    public boolean hasRole(long userId, Role role) {
        return users.assignments(userId).stream().anyMatch(a -> a.role() == role);
    }

    private static UserSummary summary(UserStore.UserRow u) {
        return new UserSummary(u.id(), u.username(), u.displayName(), u.unitId(), u.regionId(), u.enabled());
    }
}
