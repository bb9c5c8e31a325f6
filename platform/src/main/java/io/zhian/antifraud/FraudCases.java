package io.zhian.antifraud;

import io.zhian.antifraud.internal.FraudCaseStore;
import io.zhian.antifraud.internal.LinkingEngine;
import io.zhian.audit.AuditTrail;
import io.zhian.linking.CaseAttributes;
import io.zhian.linking.CaseRecord;
import io.zhian.linking.IdentifierNormalizer;
import io.zhian.linking.NormalizedIdentifier;
import io.zhian.linking.RawIdentifier;
import io.zhian.regions.Region;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.ForbiddenException;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Case intake: checks a reported case, stores it with its normalised identifiers and links it into
 * its series at once. Other modules (the demo, imports) use this same path.
 */
@Service
public class FraudCases {

    private static final Pattern CASE_NO = Pattern.compile("[A-Za-z0-9-]{4,40}");
    private static final Pattern PHONE = Pattern.compile("[0-9+\\- ]{5,20}");
    static final long MAX_AMOUNT_FEN = 100_000_000_000L; // 10 亿元: anything larger is a typing error

    private final FraudCaseStore store;
    private final LinkingEngine linking;
    private final Regions regions;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;

    FraudCases(FraudCaseStore store, LinkingEngine linking, Regions regions, AuditTrail audit, ApplicationEventPublisher events) {
        this.store = store;
        this.linking = linking;
        this.regions = regions;
        this.audit = audit;
        this.events = events;
    }

    /** Roles that record cases: police (dispatch, analysts). */
    public static boolean mayRecord(Actor actor) {
        return actor.hasAny(Role.FRAUD_ANALYST, Role.POLICE_DISPATCHER);
    }

    @Transactional
    public long record(Actor actor, NewFraudCase input) {
        if (!mayRecord(actor)) {
            throw new ForbiddenException("only police dispatchers and fraud analysts record fraud cases");
        }
        List<FieldProblem> problems = check(input);
        Region region = input.regionCode() == null ? null : regions.findByCode(input.regionCode().strip()).orElse(null);
        if (region != null && !actor.scope().coversRegion(region.id())) {
            problems.add(new FieldProblem("regionCode", "is outside your data scope"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id = save(actor.userId(), input, region);
        audit.record("FRAUD_CASE_CREATE", "fraud_case", id, input.caseNo());
        return id;
    }

    /** Bulk intake without an acting user (demo data); every case is still checked. */
    @Transactional
    public int recordAll(List<NewFraudCase> cases) {
        for (NewFraudCase c : cases) {
            List<FieldProblem> problems = check(c);
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems);
            }
            save(null, c, regions.findByCode(c.regionCode()).orElseThrow());
        }
        return cases.size();
    }

    /**
     * All problems at once: those found while reading the input (bad numbers, dates, types) first, then
     * the rules' problems for fields not already refused. Throws when there is any.
     */
    public void requireValid(NewFraudCase c, List<FieldProblem> parseProblems) {
        List<FieldProblem> problems = new ArrayList<>(parseProblems);
        for (FieldProblem p : check(c)) {
            String field = p.field().equals("amount") ? "amountYuan" : p.field();
            if (problems.stream().noneMatch(q -> q.field().equals(field))) {
                problems.add(new FieldProblem(field, p.reason()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    /** Every problem with a case, field by field; empty when it may be recorded. */
    public List<FieldProblem> check(NewFraudCase c) {
        List<FieldProblem> problems = new ArrayList<>();
        if (c.caseNo() == null || !CASE_NO.matcher(c.caseNo().strip()).matches()) {
            problems.add(new FieldProblem("caseNo", "is required: 4 to 40 letters, digits or '-'"));
        } else if (store.caseNoExists(c.caseNo().strip())) {
            problems.add(new FieldProblem("caseNo", "is already registered"));
        }
        if (c.regionCode() == null || c.regionCode().isBlank()) {
            problems.add(new FieldProblem("regionCode", "is required"));
        } else if (regions.findByCode(c.regionCode().strip()).isEmpty()) {
            problems.add(new FieldProblem("regionCode", "no region has the code " + c.regionCode()));
        }
        if (c.fraudType() == null) {
            problems.add(new FieldProblem("fraudType", "is required"));
        }
        if (c.occurredAt() == null) {
            problems.add(new FieldProblem("occurredAt", "is required"));
        } else if (c.occurredAt().isAfter(Instant.now().plus(Duration.ofDays(1)))) {
            problems.add(new FieldProblem("occurredAt", "lies in the future"));
        }
        if (c.amountFen() < 0 || c.amountFen() > MAX_AMOUNT_FEN) {
            problems.add(new FieldProblem("amount", "must be between 0 and 1,000,000,000 yuan"));
        }
        if (c.victimPhone() != null && !c.victimPhone().isBlank() && !PHONE.matcher(c.victimPhone().strip()).matches()) {
            problems.add(new FieldProblem("victimPhone", "digits only (5 to 20), '+', '-' and spaces allowed"));
        }
        if (c.victimName() != null && c.victimName().strip().length() > 64) {
            problems.add(new FieldProblem("victimName", "must be at most 64 characters"));
        }
        if (c.summary() != null && c.summary().length() > 1000) {
            problems.add(new FieldProblem("summary", "must be at most 1000 characters"));
        }
        if (c.identifiers().size() > 200) {
            problems.add(new FieldProblem("identifiers", "at most 200 per case"));
        }
        for (RawIdentifier r : c.identifiers()) {
            if (r.type() == null) {
                problems.add(new FieldProblem("identifiers", "every identifier needs a type"));
                break;
            }
            if (r.raw() != null && r.raw().length() > 200) {
                problems.add(new FieldProblem("identifiers", r.type() + " value longer than 200 characters"));
                break;
            }
        }
        return problems;
    }

    private long save(Long userId, NewFraudCase c, Region region) {
        List<NormalizedIdentifier> normalized = c.identifiers().stream()
                .map(r -> IdentifierNormalizer.normalize(r.type(), r.raw() == null ? "" : r.raw())).toList();
        String caseNo = c.caseNo().strip();
        linking.ensureLoaded();
        long id = store.insert(caseNo, region.id(), c.fraudType(), c.occurredAt(), c.amountFen(), blank(c.victimName()),
                blank(c.victimPhone()), blank(c.summary()), userId, normalized);
        long seriesId = linking.add(new CaseRecord(caseNo, new CaseAttributes(c.fraudType().name(), c.occurredAt(), c.amountFen(),
                region.code()), c.identifiers()));
        events.publishEvent(new FraudCaseLinked(id, seriesId, (int) store.memberCount("series", seriesId)));
        return id;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
