package io.zhian.identity;

import io.zhian.identity.internal.UserStore;
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
        return users.findByUsername(username).map(u -> new UserSummary(u.id(), u.username(), u.displayName(), u.unitId(),
                u.regionId(), u.enabled()));
    }
}
