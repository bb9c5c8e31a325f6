package io.zhian.identity.internal;

import io.zhian.audit.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The user's own account: password change, TOTP enrolment and API tokens. */
@Controller
class AccountPages {

    private final UserStore users;
    private final SignInFlow flow;
    private final ApiTokens tokens;
    private final AuditTrail audit;

    AccountPages(UserStore users, SignInFlow flow, ApiTokens tokens, AuditTrail audit) {
        this.users = users;
        this.flow = flow;
        this.tokens = tokens;
        this.audit = audit;
    }

    @GetMapping("/account")
    String account(Model model) {
        ZhianPrincipal p = LoginPages.current();
        UserStore.UserRow user = users.find(p.userId()).orElseThrow();
        model.addAttribute("user", user);
        model.addAttribute("assignments", users.assignments(user.id()));
        model.addAttribute("tokens", tokens.list(user.id()));
        model.addAttribute("now", Instant.now());
        return "identity/account";
    }

    @GetMapping("/account/password")
    String passwordForm(Model model) {
        model.addAttribute("forced", LoginPages.current().step() == SignInStep.CHANGE_PASSWORD);
        return "identity/password";
    }

    @PostMapping("/account/password")
    String changePassword(@RequestParam String current, @RequestParam String password, @RequestParam String confirm,
                          HttpServletRequest request, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        ZhianPrincipal p = LoginPages.current();
        UserStore.UserRow user = users.find(p.userId()).orElseThrow();
        List<String> errors = new ArrayList<>();
        if (!users.passwordMatches(user, current)) {
            errors.add("password.error.current");
        }
        List<String> policy = PasswordPolicy.problems(password, user.username());
        if (!password.equals(confirm)) {
            errors.add("password.error.confirm");
        }
        if (users.passwordMatches(user, password)) {
            errors.add("password.error.same");
        }
        if (!errors.isEmpty() || !policy.isEmpty()) {
            model.addAttribute("errors", errors);
            model.addAttribute("policy", policy);
            model.addAttribute("forced", p.step() == SignInStep.CHANGE_PASSWORD);
            audit.recordIndependently(user.id(), user.username(), user.unitId(), "PASSWORD_CHANGE", "user", user.id(),
                    AuditTrail.Outcome.FAILURE, String.join(", ", errors) + " " + String.join(", ", policy));
            return "identity/password";
        }
        users.setPassword(user.id(), password, false);
        audit.recordIndependently(user.id(), user.username(), user.unitId(), "PASSWORD_CHANGE", "user", user.id(),
                AuditTrail.Outcome.SUCCESS, null);
        UserStore.UserRow updated = users.find(user.id()).orElseThrow();
        SignInStep next = p.step() == SignInStep.DONE ? SignInStep.DONE : flow.nextAfterPasswordChange(updated);
        flow.establish(request, response, p.withStep(next), updated);
        redirect.addFlashAttribute("passwordChanged", true);
        return "redirect:" + (next == SignInStep.DONE ? "/account" : next.page());
    }

    @GetMapping("/account/totp")
    String totpForm(HttpSession session, Model model) {
        ZhianPrincipal p = LoginPages.current();
        UserStore.UserRow user = users.find(p.userId()).orElseThrow();
        String secret = (String) session.getAttribute("totpSecret");
        if (secret == null) {
            secret = Totp.newSecret();
            session.setAttribute("totpSecret", secret);
        }
        model.addAttribute("secret", secret);
        model.addAttribute("qr", QrCode.svg(Totp.otpauthUri("智安 Zhian", user.username(), secret)));
        model.addAttribute("enrolled", user.totpEnrolled());
        model.addAttribute("forced", p.step() == SignInStep.ENROL_TOTP);
        return "identity/totp-enrol";
    }

    @PostMapping("/account/totp")
    String enrol(@RequestParam String code, HttpSession session, HttpServletRequest request, HttpServletResponse response,
                 Model model, RedirectAttributes redirect) {
        ZhianPrincipal p = LoginPages.current();
        UserStore.UserRow user = users.find(p.userId()).orElseThrow();
        String secret = (String) session.getAttribute("totpSecret");
        long step = secret == null ? -1 : Totp.matchingStep(secret, code, Instant.now());
        if (step < 0) {
            model.addAttribute("error", true);
            return totpForm(session, model);
        }
        users.startTotpEnrolment(user.id(), secret);
        users.completeTotpEnrolment(user.id(), step);
        session.removeAttribute("totpSecret");
        audit.recordIndependently(user.id(), user.username(), user.unitId(), "TOTP_ENROL", "user", user.id(),
                AuditTrail.Outcome.SUCCESS, null);
        UserStore.UserRow updated = users.find(user.id()).orElseThrow();
        flow.establish(request, response, p.withStep(SignInStep.DONE), updated);
        redirect.addFlashAttribute("totpEnrolled", true);
        return "redirect:/account";
    }

    @PostMapping("/account/tokens")
    String issue(@RequestParam String name, @RequestParam(required = false) Integer days, Model model,
                 RedirectAttributes redirect) {
        ZhianPrincipal p = LoginPages.current();
        try {
            ApiTokens.IssuedToken issued = tokens.issue(p.userId(), name, days);
            redirect.addFlashAttribute("issuedToken", issued.token());
        } catch (io.zhian.shared.InvalidInputException e) {
            redirect.addFlashAttribute("tokenError", e.getMessage());
        }
        return "redirect:/account";
    }

    @PostMapping("/account/tokens/{id}/revoke")
    String revoke(@PathVariable long id, RedirectAttributes redirect) {
        tokens.revoke(LoginPages.current().userId(), id);
        redirect.addFlashAttribute("tokenRevoked", true);
        return "redirect:/account";
    }
}
