package io.zhian.shared;

import java.util.Arrays;
import java.util.Collection;
import java.util.Set;

/**
 * The person (or API client acting for a person) behind the current request.
 *
 * @param unitId     the user's unit
 * @param regionId   the home region of the user's unit
 * @param scope      the union of the data scopes of the user's role assignments
 */
public record Actor(long userId, String username, String displayName, long unitId, long regionId,
                    Set<Role> roles, DataScope scope) {

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean hasAny(Role... any) {
        return hasAny(Arrays.asList(any));
    }

    /** Whether the person holds at least one of {@code any}. */
    public boolean hasAny(Collection<Role> any) {
        for (Role r : any) {
            if (roles.contains(r)) {
                return true;
            }
        }
        return false;
    }
}
