package io.zhian.identity.internal;

import io.zhian.identity.NewUser;
import io.zhian.regions.OrgUnits;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NavigationEntry;
import io.zhian.shared.Role;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** User administration pages. */
@Controller
class UserPages {

    private static final int PAGE = 50;

    private final UserStore users;
    private final UserAdministration admin;
    private final OrgUnits units;
    private final Regions regions;
    private final ActorProvider actors;

    UserPages(UserStore users, UserAdministration admin, OrgUnits units, Regions regions, ActorProvider actors) {
        this.users = users;
        this.admin = admin;
        this.units = units;
        this.regions = regions;
        this.actors = actors;
    }

    @Bean
    static NavigationEntry userNavigation() {
        return new NavigationEntry("nav.users", "/users", 300,
                Set.of(Role.CITY_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.TOWNSHIP_OFFICER));
    }

    @GetMapping("/users")
    String list(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "0") int page, Model model) {
        Actor actor = actors.require();
        int p = Math.max(page, 0);
        List<UserView> items = users.list(actor.scope(), q, p * PAGE, PAGE).stream()
                .map(u -> UserView.of(u, users.assignments(u.id()))).toList();
        long total = users.count(actor.scope(), q);
        Set<Long> unitIds = new HashSet<>();
        items.forEach(u -> unitIds.add(u.unitId()));
        Map<Long, String> unitNames = new HashMap<>();
        unitIds.forEach(id -> units.find(id).ifPresent(u -> unitNames.put(id, u.name())));
        model.addAttribute("items", items);
        model.addAttribute("unitNames", unitNames);
        model.addAttribute("total", total);
        model.addAttribute("page", p);
        model.addAttribute("pages", Math.max(1, (total + PAGE - 1) / PAGE));
        model.addAttribute("q", q);
        model.addAttribute("mayCreate", actor.has(Role.CITY_ADMIN));
        return "identity/users";
    }

    @GetMapping("/users/new")
    String newForm(Model model) {
        actors.require();
        model.addAttribute("values", Map.of());
        return "identity/user-new";
    }

    @PostMapping("/users")
    String create(@RequestParam String username, @RequestParam String displayName, @RequestParam(required = false) String phone,
                  @RequestParam String unitCode, @RequestParam String password, Model model, RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            long unitId = units.findByCode(unitCode == null ? "" : unitCode.strip()).map(u -> u.id())
                    .orElseThrow(() -> new InvalidInputException("unitCode", "no unit has the code " + unitCode));
            long id = admin.create(actor, new NewUser(username, displayName, phone, unitId, password, true));
            redirect.addFlashAttribute("saved", true);
            return "redirect:/users/" + id;
        } catch (InvalidInputException e) {
            model.addAttribute("errors", e.byField());
            model.addAttribute("values", Map.of("username", username, "displayName", displayName, "phone", phone == null ? "" : phone,
                    "unitCode", unitCode));
            return "identity/user-new";
        }
    }

    @GetMapping("/users/{id}")
    String show(@PathVariable long id, Model model) {
        Actor actor = actors.require();
        fill(model, actor, id);
        return "identity/user";
    }

    @PostMapping("/users/{id}")
    String update(@PathVariable long id, @RequestParam String displayName, @RequestParam(required = false) String phone,
                  @RequestParam String unitCode, @RequestParam(defaultValue = "false") boolean enabled, @RequestParam int version,
                  Model model, RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            long unitId = units.findByCode(unitCode.strip()).map(u -> u.id())
                    .orElseThrow(() -> new InvalidInputException("unitCode", "no unit has the code " + unitCode));
            // a blank phone field on the page keeps the stored number (the page only ever shows it masked)
            admin.updateProfile(actor, id, displayName, phone == null || phone.isBlank() ? null : phone, unitId, enabled, version);
            redirect.addFlashAttribute("saved", true);
            return "redirect:/users/" + id;
        } catch (InvalidInputException e) {
            fill(model, actor, id);
            model.addAttribute("errors", e.byField());
            return "identity/user";
        }
    }

    @PostMapping("/users/{id}/roles")
    String assign(@PathVariable long id, @RequestParam String role, @RequestParam String scope,
                  @RequestParam(required = false) String scopeRegionCode, Model model, RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            Long regionId = scopeRegionCode == null || scopeRegionCode.isBlank() ? null
                    : regions.findByCode(scopeRegionCode.strip()).map(r -> r.id())
                    .orElseThrow(() -> new InvalidInputException("scopeRegionId", "no region has the code " + scopeRegionCode));
            admin.assign(actor, id, UserApi.role(role), UserApi.scope(scope), regionId);
            redirect.addFlashAttribute("saved", true);
            return "redirect:/users/" + id;
        } catch (InvalidInputException e) {
            fill(model, actor, id);
            model.addAttribute("roleErrors", e.byField());
            return "identity/user";
        }
    }

    @PostMapping("/users/{id}/roles/{role}/revoke")
    String revoke(@PathVariable long id, @PathVariable String role, RedirectAttributes redirect) {
        admin.revoke(actors.require(), id, UserApi.role(role));
        redirect.addFlashAttribute("saved", true);
        return "redirect:/users/" + id;
    }

    @PostMapping("/users/{id}/unlock")
    String unlock(@PathVariable long id, RedirectAttributes redirect) {
        admin.unlock(actors.require(), id);
        redirect.addFlashAttribute("saved", true);
        return "redirect:/users/" + id;
    }

    @PostMapping("/users/{id}/totp-reset")
    String resetTotp(@PathVariable long id, RedirectAttributes redirect) {
        admin.resetTotp(actors.require(), id);
        redirect.addFlashAttribute("saved", true);
        return "redirect:/users/" + id;
    }

    @PostMapping("/users/{id}/password")
    String resetPassword(@PathVariable long id, @RequestParam String password, Model model, RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            admin.resetPassword(actor, id, password);
            redirect.addFlashAttribute("saved", true);
            return "redirect:/users/" + id;
        } catch (InvalidInputException e) {
            fill(model, actor, id);
            model.addAttribute("passwordErrors", e.byField());
            return "identity/user";
        }
    }

    /** htmx: reveals the full phone number in place, after the user gave a reason. */
    @PostMapping("/users/{id}/phone")
    String phone(@PathVariable long id, @RequestParam(defaultValue = "") String reason, Model model) {
        try {
            model.addAttribute("phone", admin.revealPhone(actors.require(), id, reason));
        } catch (InvalidInputException e) {
            model.addAttribute("phoneError", e.problems().get(0).reason());
        }
        model.addAttribute("userId", id);
        return "identity/user :: phone";
    }

    private void fill(Model model, Actor actor, long id) {
        UserStore.UserRow user = admin.get(actor, id);
        model.addAttribute("user", UserView.of(user, users.assignments(id)));
        model.addAttribute("unit", units.find(user.unitId()).orElseThrow());
        Set<Long> regionIds = new HashSet<>();
        users.assignments(id).forEach(a -> {
            if (a.scopeRegionId() != null) {
                regionIds.add(a.scopeRegionId());
            }
        });
        model.addAttribute("regionNames", regions.names(regionIds));
        model.addAttribute("roles", Role.values());
        model.addAttribute("mayEdit", actor.has(Role.CITY_ADMIN));
        model.addAttribute("mayGrant", actor.has(Role.SECURITY_ADMIN) && actor.userId() != id);
        model.addAttribute("mayUnlock", actor.hasAny(Role.CITY_ADMIN, Role.SECURITY_ADMIN));
        model.addAttribute("mayResetTotp", actor.has(Role.SECURITY_ADMIN) && actor.userId() != id);
    }

}
