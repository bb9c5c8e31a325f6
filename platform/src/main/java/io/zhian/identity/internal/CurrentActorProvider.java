package io.zhian.identity.internal;

import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.DataScope;
import io.zhian.shared.Role;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Builds the {@link Actor} of the current request from the database: roles and the union of their data
 * scopes, with region subtrees expanded. Computed once per request and kept as a request attribute.
 */
@Component
class CurrentActorProvider implements ActorProvider {

    private static final String ATTRIBUTE = CurrentActorProvider.class.getName();

    private final UserStore users;
    private final Regions regions;

    CurrentActorProvider(UserStore users, Regions regions) {
        this.users = users;
        this.regions = regions;
    }

    @Override
    public Optional<Actor> current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof ZhianPrincipal principal) || principal.step() != SignInStep.DONE) {
            return Optional.empty();
        }
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null && request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) instanceof Actor cached
                && cached.userId() == principal.userId()) {
            return Optional.of(cached);
        }
        Optional<Actor> actor = resolve(principal.userId());
        if (request != null && actor.isPresent()) {
            request.setAttribute(ATTRIBUTE, actor.get(), RequestAttributes.SCOPE_REQUEST);
        }
        return actor;
    }

    Optional<Actor> resolve(long userId) {
        return users.find(userId).filter(UserStore.UserRow::enabled).map(user -> {
            List<UserStore.Assignment> assignments = users.assignments(user.id());
            Set<Role> roles = EnumSet.noneOf(Role.class);
            assignments.forEach(a -> roles.add(a.role()));
            return new Actor(user.id(), user.username(), user.displayName(), user.unitId(), user.regionId(), roles,
                    scopeOf(user, assignments));
        });
    }

    private DataScope scopeOf(UserStore.UserRow user, List<UserStore.Assignment> assignments) {
        List<Long> regionRoots = new ArrayList<>();
        boolean unit = false;
        boolean self = false;
        for (UserStore.Assignment a : assignments) {
            switch (a.scope()) {
                case ALL -> {
                    return DataScope.all();
                }
                case REGION -> regionRoots.add(a.scopeRegionId());
                case UNIT -> unit = true;
                case SELF -> self = true;
            }
        }
        if (regionRoots.stream().anyMatch(id -> regions.find(id).map(r -> r.parentId() == null).orElse(false))) {
            return DataScope.all(); // the whole city's subtree is everything
        }
        return DataScope.of(regions.subtreeIds(regionRoots), unit ? new long[] {user.unitId()} : new long[0],
                self ? user.id() : null);
    }
}
