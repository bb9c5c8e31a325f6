package io.zhian.identity.internal;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The signed-in user as kept in the session: ids and the pending sign-in step only. Roles and scope
 * are read fresh on every request, so a revoked role stops working at once.
 */
public final class ZhianPrincipal implements UserDetails, CredentialsContainer, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final long userId;
    private final String username;
    private String passwordHash;
    private final boolean enabled;
    private final boolean locked;
    private final SignInStep step;

    public ZhianPrincipal(long userId, String username, String passwordHash, boolean enabled, boolean locked, SignInStep step) {
        this.userId = userId;
        this.username = username;
        this.passwordHash = passwordHash;
        this.enabled = enabled;
        this.locked = locked;
        this.step = step;
    }

    static ZhianPrincipal of(UserStore.UserRow user, SignInStep step) {
        return new ZhianPrincipal(user.id(), user.username(), user.passwordHash(), user.enabled(), user.lockedAt(Instant.now()), step);
    }

    public ZhianPrincipal withStep(SignInStep next) {
        return new ZhianPrincipal(userId, username, null, enabled, locked, next);
    }

    public long userId() {
        return userId;
    }

    public SignInStep step() {
        return step;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of();
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public boolean isAccountNonLocked() {
        return !locked;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }
}
