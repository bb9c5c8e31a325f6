package io.zhian.identity.internal;

import io.zhian.audit.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in page and the TOTP step that follows a correct password. */
@Controller
class LoginPages {

    private final UserStore users;
    private final SignInFlow flow;
    private final AuditTrail audit;

    LoginPages(UserStore users, SignInFlow flow, AuditTrail audit) {
        this.users = users;
        this.flow = flow;
        this.audit = audit;
    }

    @GetMapping("/login")
    String login(HttpSession session, Model model) {
        Object error = session.getAttribute("loginError");
        if (error != null) {
            model.addAttribute("errorKey", error);
            session.removeAttribute("loginError");
        }
        return "identity/login";
    }

    @GetMapping("/login/totp")
    String totpForm() {
        return current() == null ? "redirect:/login" : "identity/totp";
    }

    @PostMapping("/login/totp")
    String totp(@RequestParam String code, HttpServletRequest request, HttpServletResponse response, Model model) {
        ZhianPrincipal principal = current();
        if (principal == null || principal.step() != SignInStep.TOTP) {
            return "redirect:/login";
        }
        UserStore.UserRow user = users.find(principal.userId()).orElseThrow();
        long step = Totp.matchingStep(user.totpSecret(), code, Instant.now());
        if (step < 0 || !users.useTotpStep(user.id(), step)) {
            int failures = users.recordFailure(user.id(), 5, 15);
            audit.recordIndependently(user.id(), user.username(), user.unitId(), "LOGIN_TOTP", "user", user.id(),
                    AuditTrail.Outcome.FAILURE, step < 0 ? "wrong code" : "code already used");
            if (failures >= 5) {
                SecurityContextHolder.clearContext();
                request.getSession().invalidate();
                request.getSession(true).setAttribute("loginError", "login.error.locked");
                return "redirect:/login?error";
            }
            model.addAttribute("error", true);
            return "identity/totp";
        }
        users.recordSuccess(user.id());
        audit.recordIndependently(user.id(), user.username(), user.unitId(), "LOGIN_TOTP", "user", user.id(),
                AuditTrail.Outcome.SUCCESS, null);
        SignInStep next = flow.nextAfterSecondFactor(user);
        flow.establish(request, response, principal.withStep(next), user);
        return "redirect:" + next.page();
    }

    static ZhianPrincipal current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof ZhianPrincipal p ? p : null;
    }
}
