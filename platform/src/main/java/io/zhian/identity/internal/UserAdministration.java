package io.zhian.identity.internal;

import io.zhian.audit.AuditTrail;
import io.zhian.identity.NewUser;
import io.zhian.identity.ScopeKind;
import io.zhian.regions.OrgUnits;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.ConflictException;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.ForbiddenException;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NotFoundException;
import io.zhian.shared.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Account administration with the 三员分立 split: the city (system) administrator manages accounts,
 * the security administrator grants roles and scopes, the audit administrator only reads. Nobody
 * changes their own roles, and one person holds at most one administrator role.
 */
@Service
public class UserAdministration {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{3,64}");
    private static final Pattern PHONE = Pattern.compile("[0-9+\\- ]{5,20}");

    private final UserStore users;
    private final OrgUnits units;
    private final Regions regions;
    private final AuditTrail audit;

    UserAdministration(UserStore users, OrgUnits units, Regions regions, AuditTrail audit) {
        this.users = users;
        this.units = units;
        this.regions = regions;
        this.audit = audit;
    }

    public UserStore.UserRow get(Actor actor, long id) {
        UserStore.UserRow user = users.find(id).orElseThrow(() -> new NotFoundException("user", id));
        if (!actor.scope().permits(user.regionId(), user.unitId(), user.id())) {
            throw NotFoundException.outOfScope("user", id);
        }
        return user;
    }

    @Transactional
    public long create(Actor actor, NewUser input) {
        requireRole(actor, Role.CITY_ADMIN, "only the city administrator creates accounts");
        List<FieldProblem> problems = new ArrayList<>();
        if (input.username() == null || !USERNAME.matcher(input.username().strip()).matches()) {
            problems.add(new FieldProblem("username", "3 to 64 letters, digits, '.', '_' or '-'"));
        } else if (users.findByUsername(input.username()).isPresent()) {
            problems.add(new FieldProblem("username", "is already taken"));
        }
        checkProfile(input.displayName(), input.phone(), problems);
        if (units.find(input.unitId()).isEmpty()) {
            problems.add(new FieldProblem("unitId", "no such unit"));
        } else if (!actor.scope().permits(units.find(input.unitId()).get().regionId(), input.unitId(), null)) {
            problems.add(new FieldProblem("unitId", "is outside your scope"));
        }
        PasswordPolicy.problems(input.password(), input.username()).forEach(p -> problems.add(new FieldProblem("password", p)));
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id = users.insert(new NewUser(input.username(), input.displayName(), input.phone(), input.unitId(),
                input.password(), true), actor.userId());
        audit.record("USER_CREATE", "user", id, input.username());
        return id;
    }

    @Transactional
    public void updateProfile(Actor actor, long id, String displayName, String phone, long unitId, boolean enabled, int version) {
        UserStore.UserRow user = get(actor, id);
        requireRole(actor, Role.CITY_ADMIN, "only the city administrator changes accounts");
        List<FieldProblem> problems = new ArrayList<>();
        checkProfile(displayName, phone, problems);
        if (units.find(unitId).isEmpty()) {
            problems.add(new FieldProblem("unitId", "no such unit"));
        }
        if (!enabled && user.id() == actor.userId()) {
            problems.add(new FieldProblem("enabled", "you cannot disable your own account"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (users.updateProfile(id, displayName, phone, unitId, enabled, version) == 0) {
            throw new ConflictException("version", "someone else changed this account meanwhile; reload and try again");
        }
        audit.record("USER_UPDATE", "user", id, "unit=" + unitId + " enabled=" + enabled);
    }

    @Transactional
    public void resetPassword(Actor actor, long id, String initialPassword) {
        UserStore.UserRow user = get(actor, id);
        requireRole(actor, Role.CITY_ADMIN, "only the city administrator resets passwords");
        List<String> problems = PasswordPolicy.problems(initialPassword, user.username());
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.stream().map(p -> new FieldProblem("password", p)).toList());
        }
        users.setPassword(id, initialPassword, true);
        audit.record("USER_PASSWORD_RESET", "user", id, null);
    }

    @Transactional
    public void unlock(Actor actor, long id) {
        get(actor, id);
        if (!actor.hasAny(Role.CITY_ADMIN, Role.SECURITY_ADMIN)) {
            throw new ForbiddenException("only administrators unlock accounts");
        }
        users.unlock(id);
        audit.record("USER_UNLOCK", "user", id, null);
    }

    @Transactional
    public void resetTotp(Actor actor, long id) {
        get(actor, id);
        requireRole(actor, Role.SECURITY_ADMIN, "only the security administrator resets a second factor");
        if (id == actor.userId()) {
            throw new ForbiddenException("you cannot reset your own second factor");
        }
        users.resetTotp(id);
        audit.record("USER_TOTP_RESET", "user", id, null);
    }

    @Transactional
    public void assign(Actor actor, long userId, Role role, ScopeKind scope, Long scopeRegionId) {
        UserStore.UserRow user = get(actor, userId);
        requireRole(actor, Role.SECURITY_ADMIN, "only the security administrator grants roles");
        if (user.id() == actor.userId()) {
            throw new ForbiddenException("nobody may change their own roles");
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (role == null) {
            problems.add(new FieldProblem("role", "is required"));
        }
        if (scope == null) {
            problems.add(new FieldProblem("scope", "is required (ALL, REGION, UNIT or SELF)"));
        }
        if (role != null && role.isAdministrator() && scope != null && scope != ScopeKind.ALL) {
            problems.add(new FieldProblem("scope", "administrator roles are city-wide: scope must be ALL"));
        }
        if (role != null && role.isAdministrator()) {
            users.assignments(userId).stream().map(UserStore.Assignment::role)
                    .filter(r -> r.isAdministrator() && r != role).findFirst()
                    .ifPresent(r -> problems.add(new FieldProblem("role", "this user already holds " + r
                            + "; the three administrator roles must be held by different people")));
        }
        if (scope == ScopeKind.REGION && (scopeRegionId == null || regions.find(scopeRegionId).isEmpty())) {
            problems.add(new FieldProblem("scopeRegionId", "a REGION scope needs an existing region"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        users.assign(userId, role, scope, scopeRegionId, actor.userId());
        audit.record("ROLE_GRANT", "user", userId, role + " scope=" + scope + (scopeRegionId == null ? "" : " region=" + scopeRegionId));
    }

    @Transactional
    public void revoke(Actor actor, long userId, Role role) {
        get(actor, userId);
        requireRole(actor, Role.SECURITY_ADMIN, "only the security administrator revokes roles");
        if (userId == actor.userId()) {
            throw new ForbiddenException("nobody may change their own roles");
        }
        if (users.revoke(userId, role) == 0) {
            throw new NotFoundException("role assignment", userId + "/" + role);
        }
        audit.record("ROLE_REVOKE", "user", userId, role.name());
    }

    /** The full phone number, for a stated reason; audited. */
    public String revealPhone(Actor actor, long id, String reason) {
        UserStore.UserRow user = get(actor, id);
        if (reason == null || reason.strip().length() < 4) {
            throw new InvalidInputException("reason", "say why you need the full number (at least 4 characters)");
        }
        audit.recordPersonalDataRead("user", id, "phone", reason.strip());
        return user.phone();
    }

    private static void checkProfile(String displayName, String phone, List<FieldProblem> problems) {
        if (displayName == null || displayName.isBlank() || displayName.strip().length() > 64) {
            problems.add(new FieldProblem("displayName", "is required, at most 64 characters"));
        }
        if (phone != null && !phone.isBlank() && !PHONE.matcher(phone.strip()).matches()) {
            problems.add(new FieldProblem("phone", "digits only (5 to 20), '+', '-' and spaces allowed"));
        }
    }

    private static void requireRole(Actor actor, Role role, String message) {
        if (!actor.has(role)) {
            throw new ForbiddenException(message);
        }
    }
}
