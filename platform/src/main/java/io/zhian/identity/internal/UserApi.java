package io.zhian.identity.internal;

import io.zhian.identity.NewUser;
import io.zhian.identity.ScopeKind;
import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.Role;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** REST API: the caller ({@code /me}), users and role assignments, and the caller's API tokens. */
@RestController
@RequestMapping("/api/v1")
class UserApi {

    record UserInput(String username, String displayName, String phone, Long unitId, String password) {}

    record ProfileInput(String displayName, String phone, Long unitId, Boolean enabled, Integer version) {}

    record RoleInput(String role, String scope, Long scopeRegionId) {}

    record TokenInput(String name, Integer days) {}

    private final UserStore users;
    private final UserAdministration admin;
    private final ApiTokens tokens;
    private final ActorProvider actors;

    UserApi(UserStore users, UserAdministration admin, ApiTokens tokens, ActorProvider actors) {
        this.users = users;
        this.admin = admin;
        this.tokens = tokens;
        this.actors = actors;
    }

    @GetMapping("/me")
    Map<String, Object> me() {
        Actor a = actors.require();
        return Map.of("id", a.userId(), "username", a.username(), "displayName", a.displayName(), "unitId", a.unitId(),
                "regionId", a.regionId(), "roles", a.roles(), "scopeAll", a.scope().isAll(),
                "scopeRegionCount", a.scope().regionCount());
    }

    @GetMapping("/users")
    Map<String, Object> list(@RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page,
                             @RequestParam(defaultValue = "50") int size) {
        Actor a = actors.require();
        int s = Math.min(Math.max(size, 1), 500);
        List<UserView> items = users.list(a.scope(), q, Math.max(page, 0) * s, s).stream()
                .map(u -> UserView.of(u, users.assignments(u.id()))).toList();
        return Map.of("total", users.count(a.scope(), q), "page", page, "size", s, "items", items);
    }

    @GetMapping("/users/{id}")
    UserView get(@PathVariable long id) {
        UserStore.UserRow u = admin.get(actors.require(), id);
        return UserView.of(u, users.assignments(id));
    }

    @PostMapping("/users")
    @ResponseStatus(HttpStatus.CREATED)
    UserView create(@RequestBody UserInput input) {
        if (input.unitId() == null) {
            throw new InvalidInputException("unitId", "is required");
        }
        long id = admin.create(actors.require(), new NewUser(input.username(), input.displayName(), input.phone(),
                input.unitId(), input.password(), true));
        return get(id);
    }

    @PutMapping("/users/{id}")
    UserView update(@PathVariable long id, @RequestBody ProfileInput input) {
        if (input.version() == null || input.unitId() == null) {
            throw new InvalidInputException(input.version() == null ? "version" : "unitId", "is required");
        }
        admin.updateProfile(actors.require(), id, input.displayName(), input.phone(), input.unitId(),
                input.enabled() == null || input.enabled(), input.version());
        return get(id);
    }

    @PostMapping("/users/{id}/roles")
    UserView assign(@PathVariable long id, @RequestBody RoleInput input) {
        admin.assign(actors.require(), id, role(input.role()), scope(input.scope()), input.scopeRegionId());
        return get(id);
    }

    @DeleteMapping("/users/{id}/roles/{role}")
    UserView revoke(@PathVariable long id, @PathVariable String role) {
        admin.revoke(actors.require(), id, role(role));
        return get(id);
    }

    @PostMapping("/users/{id}/unlock")
    UserView unlock(@PathVariable long id) {
        admin.unlock(actors.require(), id);
        return get(id);
    }

    /** The unmasked phone number; the reason is required and the read is audited. */
    @GetMapping("/users/{id}/phone")
    Map<String, String> phone(@PathVariable long id, @RequestParam(required = false) String reason) {
        String phone = admin.revealPhone(actors.require(), id, reason);
        return Map.of("phone", phone == null ? "" : phone);
    }

    @GetMapping("/tokens")
    List<ApiTokens.TokenInfo> myTokens() {
        return tokens.list(actors.require().userId());
    }

    @PostMapping("/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> issue(@RequestBody TokenInput input) {
        ApiTokens.IssuedToken t = tokens.issue(actors.require().userId(), input.name(), input.days());
        return Map.of("token", t.token(), "id", t.info().id(), "name", t.info().name(), "expiresAt",
                t.info().expiresAt() == null ? Instant.MAX.toString() : t.info().expiresAt().toString());
    }

    @DeleteMapping("/tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revokeToken(@PathVariable long id) {
        tokens.revoke(actors.require().userId(), id);
    }

    static Role role(String value) {
        try {
            return value == null ? null : Role.valueOf(value.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("role", "'" + value + "' is not a role");
        }
    }

    static ScopeKind scope(String value) {
        try {
            return value == null ? null : ScopeKind.valueOf(value.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("scope", "'" + value + "' is not one of ALL, REGION, UNIT, SELF");
        }
    }
}
