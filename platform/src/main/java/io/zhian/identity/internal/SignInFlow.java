package io.zhian.identity.internal;

import io.zhian.audit.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * The steps after a correct password: TOTP code if enrolled, a forced password change, TOTP enrolment
 * for administrators. Also counts failures and locks an account after too many.
 */
@Component
public class SignInFlow implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    private final UserStore users;
    private final AuditTrail audit;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    private final int maxFailures;
    private final int lockMinutes;

    SignInFlow(UserStore users, AuditTrail audit, @Value("${zhian.security.max-failures:5}") int maxFailures,
               @Value("${zhian.security.lock-minutes:15}") int lockMinutes) {
        this.users = users;
        this.audit = audit;
        this.maxFailures = maxFailures;
        this.lockMinutes = lockMinutes;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        ZhianPrincipal principal = (ZhianPrincipal) authentication.getPrincipal();
        UserStore.UserRow user = users.find(principal.userId()).orElseThrow();
        users.recordSuccess(user.id());
        audit.recordIndependently(user.id(), user.username(), user.unitId(), "LOGIN", "user", user.id(),
                AuditTrail.Outcome.SUCCESS, "password accepted");
        SignInStep step = user.totpEnrolled() ? SignInStep.TOTP : nextAfterSecondFactor(user);
        establish(request, response, principal.withStep(step), user);
        response.sendRedirect(request.getContextPath() + step.page());
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String username = request.getParameter("username");
        String messageKey = "login.error.bad";
        var user = users.findByUsername(username);
        if (e instanceof LockedException && user.isPresent()) {
            messageKey = "login.error.locked";
            audit.recordIndependently(user.get().id(), user.get().username(), user.get().unitId(), "LOGIN", "user",
                    user.get().id(), AuditTrail.Outcome.DENIED, "account locked");
        } else if (e instanceof DisabledException && user.isPresent()) {
            messageKey = "login.error.disabled";
            audit.recordIndependently(user.get().id(), user.get().username(), user.get().unitId(), "LOGIN", "user",
                    user.get().id(), AuditTrail.Outcome.DENIED, "account disabled");
        } else if (user.isPresent()) {
            int failures = users.recordFailure(user.get().id(), maxFailures, lockMinutes);
            if (failures >= maxFailures) {
                messageKey = "login.error.locked";
            }
            audit.recordIndependently(user.get().id(), user.get().username(), user.get().unitId(), "LOGIN", "user",
                    user.get().id(), AuditTrail.Outcome.FAILURE, "wrong password (" + failures + " in a row)");
        } else {
            audit.recordIndependently(null, username == null ? "?" : username, null, "LOGIN", "user", null,
                    AuditTrail.Outcome.FAILURE, "unknown username");
        }
        request.getSession().setAttribute("loginError", messageKey);
        response.sendRedirect(request.getContextPath() + "/login?error");
    }

    /** After TOTP (or without it): a forced password change, then enrolment for administrators. */
    SignInStep nextAfterSecondFactor(UserStore.UserRow user) {
        if (user.mustChangePassword()) {
            return SignInStep.CHANGE_PASSWORD;
        }
        return nextAfterPasswordChange(user);
    }

    SignInStep nextAfterPasswordChange(UserStore.UserRow user) {
        boolean admin = users.assignments(user.id()).stream().anyMatch(a -> a.role().isAdministrator());
        return admin && !user.totpEnrolled() ? SignInStep.ENROL_TOTP : SignInStep.DONE;
    }

    /** Replaces the session's authentication with one at the given step (authorities only when done). */
    void establish(HttpServletRequest request, HttpServletResponse response, ZhianPrincipal principal, UserStore.UserRow user) {
        List<SimpleGrantedAuthority> authorities = principal.step() != SignInStep.DONE ? List.of()
                : users.assignments(user.id()).stream().map(a -> new SimpleGrantedAuthority(a.role().authority())).toList();
        var auth = UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(auth);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }
}
