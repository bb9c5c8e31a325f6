package io.zhian.shared;

import java.util.Set;

/**
 * A link in the main navigation, contributed as a bean by the module that owns the page, so the
 * navigation lists only modules that exist. Empty {@code roles} means every signed-in user.
 */
public record NavigationEntry(String messageKey, String path, int order, Set<Role> roles) {

    public boolean visibleTo(Actor actor) {
        return roles.isEmpty() || roles.stream().anyMatch(actor::has);
    }
}
