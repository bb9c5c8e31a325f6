package io.zhian.audit.internal;

import io.zhian.audit.AuditTrail;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.ForbiddenException;
import io.zhian.shared.Role;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/** The audit viewer (page) and its API twin. Only audit administrators; nobody can edit rows. */
@Controller
class AuditController {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final int PAGE = 50;

    private final AuditLog log;
    private final AuditTrail audit;
    private final ActorProvider actors;

    AuditController(AuditLog log, AuditTrail audit, ActorProvider actors) {
        this.log = log;
        this.audit = audit;
        this.actors = actors;
    }

    @GetMapping("/audit")
    String page(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                @RequestParam(required = false) String username, @RequestParam(required = false) String action,
                @RequestParam(required = false) String outcome, @RequestParam(defaultValue = "0") int page,
                Model model) {
        requireAuditor();
        AuditLog.Filter filter = filter(from, to, username, action, outcome);
        int p = Math.max(page, 0);
        long total = log.count(filter);
        model.addAttribute("rows", log.find(filter, p * PAGE, PAGE));
        model.addAttribute("total", total);
        model.addAttribute("page", p);
        model.addAttribute("pages", Math.max(1, (total + PAGE - 1) / PAGE));
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("username", username);
        model.addAttribute("action", action);
        model.addAttribute("outcome", outcome);
        model.addAttribute("zone", ZONE);
        return "audit/list";
    }

    @PostMapping("/audit/verify")
    String verifyPage(Model model) {
        requireAuditor();
        model.addAttribute("verification", verifyAndRecord());
        return "audit/verify";
    }

    @GetMapping(path = "/api/v1/audit", produces = "application/json")
    @ResponseBody
    Map<String, Object> list(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                             @RequestParam(required = false) String username, @RequestParam(required = false) String action,
                             @RequestParam(required = false) String outcome,
                             @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        requireAuditor();
        AuditLog.Filter filter = new AuditLog.Filter(from, to, username, action, outcome);
        int s = Math.min(Math.max(size, 1), 500);
        List<AuditLog.Row> rows = log.find(filter, Math.max(page, 0) * s, s);
        return Map.of("total", log.count(filter), "page", page, "size", s, "items", rows);
    }

    @GetMapping(path = "/api/v1/audit/verify", produces = "application/json")
    @ResponseBody
    AuditLog.Verification verify() {
        requireAuditor();
        return verifyAndRecord();
    }

    @GetMapping({"/audit/export.csv", "/api/v1/audit/export.csv"})
    void export(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                @RequestParam(required = false) String username, @RequestParam(required = false) String action,
                @RequestParam(required = false) String outcome, HttpServletResponse response) throws IOException {
        requireAuditor();
        AuditLog.Filter filter = filter(from, to, username, action, outcome);
        audit.recordIndependently(null, null, null, "AUDIT_EXPORT", "audit_event", null, AuditTrail.Outcome.SUCCESS,
                "from=" + from + " to=" + to + " user=" + username + " action=" + action + " outcome=" + outcome);
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=audit.csv");
        PrintWriter writer = new PrintWriter(new java.io.OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
        writer.write('\ufeff'); // BOM so that Excel opens Chinese text correctly
        try (CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader("id", "occurred_at", "user_id",
                "username", "unit_id", "client_address", "action", "object_type", "object_id", "outcome", "reason",
                "detail", "prev_hash", "hash").get())) {
            exportRows(filter, csv);
        }
    }

    private void exportRows(AuditLog.Filter filter, CSVPrinter csv) {
        log.forEach(filter, r -> {
            try {
                csv.printRecord(r.id(), r.occurredAt(), r.userId(), r.username(), r.unitId(), r.clientAddress(),
                        r.action(), r.objectType(), r.objectId(), r.outcome(), r.reason(), r.detail(), r.prevHash(), r.hash());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private AuditLog.Verification verifyAndRecord() {
        AuditLog.Verification v = log.verify();
        audit.recordIndependently(null, null, null, "AUDIT_VERIFY", "audit_event", v.firstBrokenId(),
                v.intact() ? AuditTrail.Outcome.SUCCESS : AuditTrail.Outcome.FAILURE, v.problem());
        return v;
    }

    private void requireAuditor() {
        if (!actors.require().has(Role.AUDIT_ADMIN)) {
            throw new ForbiddenException("only audit administrators may read the audit log");
        }
    }

    private static AuditLog.Filter filter(LocalDate from, LocalDate to, String username, String action, String outcome) {
        return new AuditLog.Filter(from == null ? null : from.atStartOfDay(ZONE).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(ZONE).toInstant(), username, action, outcome);
    }
}
