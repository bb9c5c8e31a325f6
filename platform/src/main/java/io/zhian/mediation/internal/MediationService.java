package io.zhian.mediation.internal;

import io.zhian.audit.AuditTrail;
import io.zhian.casework.ActionInput;
import io.zhian.casework.CaseAction;
import io.zhian.casework.CaseOutcome;
import io.zhian.casework.CaseState;
import io.zhian.casework.CaseSummary;
import io.zhian.casework.CaseView;
import io.zhian.casework.Casework;
import io.zhian.casework.NewCase;
import io.zhian.casework.NewParty;
import io.zhian.mediation.DisputeFlagged;
import io.zhian.mediation.internal.MediationStore.AgreementRow;
import io.zhian.mediation.internal.MediationStore.DisputeRow;
import io.zhian.mediation.internal.MediationStore.Filter;
import io.zhian.mediation.internal.MediationStore.ObligationRow;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.ConflictException;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.ForbiddenException;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.Masking;
import io.zhian.shared.NotFoundException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Disputes on top of casework. A dispute's life (assign, start, resolve, escalate …) is the casework
 * state machine; this service adds grading, flags, mediation sessions, the agreement and its
 * performance, judicial confirmation and follow-up. Every by-id read re-checks the caller's scope.
 */
@Service
class MediationService {

    static final String CASE_TYPE = "MEDIATION";
    /** 人民调解法 Art. 33: apply for judicial confirmation within 30 days of the agreement taking effect. */
    static final int JUDICIAL_DAYS = 30;
    private static final Pattern ID_NUMBER = Pattern.compile("\\d{17}[0-9Xx]");

    record NewDispute(String category, String riskGrade, List<String> flags, String title, String description, String regionCode,
                      String channel, List<NewParty> parties) {}

    record DisputeView(long id, long caseId, String caseNo, String title, DisputeCategory category, RiskGrade riskGrade,
                       List<RiskFlag> flags, int priority, long regionId, String regionName, long townshipId, String townshipName,
                       CaseState state, CaseOutcome outcome, boolean escalated, boolean handedOn, Instant createdAt, Instant finishedAt) {}

    record PartyView(String role, String name, String idNumber) {}

    record AgreementView(long id, String facts, LocalDate signedOn, LocalDate judicialDeadline, LocalDate judicialAppliedOn,
                         String judicialCourt, String judicialResult, String judicialNote, List<PartyView> parties,
                         List<ObligationRow> obligations) {}

    record Detail(DisputeView dispute, CaseView caseView, List<MediationStore.SessionRow> sessions, AgreementView agreement,
                  List<MediationStore.FollowupRow> followups) {}

    record NewSession(String kind, String mediator, String heldOn, String result, String notes, String courtUnit, String courtDate,
                      String courtRef) {}

    record NewAgreement(String facts, String signedOn, List<PartyView> parties, List<NewObligation> obligations) {}

    record NewObligation(String obligor, String content, String dueOn) {}

    private final MediationStore store;
    private final Casework casework;
    private final Regions regions;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;

    MediationService(MediationStore store, Casework casework, Regions regions, AuditTrail audit, ApplicationEventPublisher events) {
        this.store = store;
        this.casework = casework;
        this.regions = regions;
        this.audit = audit;
        this.events = events;
    }

    static void requireWorker(Actor actor) {
        if (!Casework.mayWork(actor)) {
            throw new ForbiddenException("your roles do not handle disputes");
        }
    }

    static int priority(RiskGrade grade, List<RiskFlag> flags) {
        return Math.min(5, grade.basePriority + flags.size());
    }

    // ---- intake ----

    @Transactional
    public long register(Actor actor, NewDispute in) {
        requireWorker(actor);
        List<FieldProblem> problems = new ArrayList<>();
        DisputeCategory category = DisputeCategory.parse(in.category());
        if (category == null) {
            problems.add(new FieldProblem("category", blank(in.category()) ? "is required"
                    : "must be one of " + Enums.list(DisputeCategory.class)));
        }
        RiskGrade grade = RiskGrade.parse(in.riskGrade());
        if (grade == null) {
            problems.add(new FieldProblem("riskGrade", blank(in.riskGrade()) ? "is required" : "must be one of " + Enums.list(RiskGrade.class)));
        }
        List<RiskFlag> flags = flags(in.flags(), problems);
        long caseId = 0;
        try {
            caseId = casework.create(actor, new NewCase(CASE_TYPE, in.title(), in.description(), in.regionCode(), in.channel(), in.parties()));
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return insert(actor, caseId, category, grade, flags);
    }

    static List<RiskFlag> flags(List<String> texts, List<FieldProblem> problems) {
        List<RiskFlag> flags = new ArrayList<>();
        for (String f : texts == null ? List.<String>of() : texts) {
            RiskFlag flag = RiskFlag.parse(f);
            if (flag == null) {
                problems.add(new FieldProblem("flags", "'" + f + "' is not one of " + Enums.list(RiskFlag.class)));
            } else if (!flags.contains(flag)) {
                flags.add(flag);
            }
        }
        return flags;
    }

    /** Re-grades a dispute as the risk changes; a flag newly raised notifies the township again. */
    @Transactional
    void regrade(Actor actor, long id, String riskGrade, List<String> flagTexts) {
        DisputeRow d = row(actor, id);
        List<FieldProblem> problems = new ArrayList<>();
        RiskGrade grade = RiskGrade.parse(riskGrade);
        if (grade == null) {
            problems.add(new FieldProblem("riskGrade", blank(riskGrade) ? "is required" : "must be one of " + Enums.list(RiskGrade.class)));
        }
        List<RiskFlag> flags = flags(flagTexts, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        int priority = priority(grade, flags);
        store.updateGrading(id, grade, flags, priority);
        if (flags.stream().anyMatch(f -> !d.flags().contains(f))) {
            notifyTownship(d.id(), d.caseId(), d.townshipId(), flags, priority);
        }
        audit.record("MEDIATION_REGRADE", "mediation_dispute", id, d.riskGrade() + d.flags().toString() + " -> " + grade + flags);
    }

    private void notifyTownship(long disputeId, long caseId, long townshipId, List<RiskFlag> flags, int priority) {
        store.notifyTownship(disputeId, townshipId, String.join(",", flags.stream().map(Enum::name).toList()));
        events.publishEvent(new DisputeFlagged(disputeId, caseId, townshipId, flags.stream().map(Enum::name).toList(), priority));
    }

    /** Stores the dispute for a case just created; flags notify the township. */
    long insert(Actor actor, long caseId, DisputeCategory category, RiskGrade grade, List<RiskFlag> flags) {
        // the actor has just created the case (create checked the region against their scope)
        CaseSummary c = casework.summaries(List.of(caseId)).get(caseId);
        Long createdBy = actor.userId() > 0 ? actor.userId() : null;
        int priority = priority(grade, flags);
        long id = store.insertDispute(caseId, category, grade, flags, priority, c.regionId(), c.handlingRegionId(), c.assigneeUnitId(),
                createdBy);
        if (!flags.isEmpty()) {
            notifyTownship(id, caseId, c.handlingRegionId(), flags, priority);
        }
        audit.record("MEDIATION_REGISTER", "mediation_dispute", id, c.caseNo() + " " + category + " " + grade + " " + flags);
        return id;
    }

    // ---- reads ----

    DisputeRow row(Actor actor, long id) {
        requireWorker(actor);
        DisputeRow d = store.find(id).orElseThrow(() -> new NotFoundException("mediation_dispute", id));
        if (!MediationStore.permits(actor.scope(), d)) {
            throw NotFoundException.outOfScope("mediation_dispute", id);
        }
        return d;
    }

    /** Most disputes a list narrowed by case outcome considers (the outcome lives in casework, so it is applied in memory). */
    static final int OUTCOME_FILTER_LIMIT = 10_000;

    List<DisputeView> list(Actor actor, Filter f, int offset, int limit) {
        requireWorker(actor);
        if (f.needsCaseOutcome()) {
            List<DisputeRow> admitted = admitted(actor, f);
            int from = Math.min(Math.max(offset, 0), admitted.size());
            return views(admitted.subList(from, Math.min(admitted.size(), from + Math.max(limit, 1))));
        }
        return views(store.list(actor.scope(), f, offset, limit));
    }

    long count(Actor actor, Filter f) {
        requireWorker(actor);
        if (f.needsCaseOutcome()) {
            return admitted(actor, f).size();
        }
        return store.count(actor.scope(), f);
    }

    /** The disputes passing the SQL part of the filter whose case also passes its outcome part, in list order. */
    private List<DisputeRow> admitted(Actor actor, Filter f) {
        List<DisputeRow> rows = store.list(actor.scope(), f, 0, OUTCOME_FILTER_LIMIT);
        Map<Long, CaseSummary> cases = casework.summaries(rows.stream().map(DisputeRow::caseId).toList());
        return rows.stream().filter(d -> f.admits(cases.get(d.caseId()))).toList();
    }

    List<DisputeView> views(List<DisputeRow> rows) {
        Map<Long, CaseSummary> cases = casework.summaries(rows.stream().map(DisputeRow::caseId).toList());
        Set<Long> regionIds = new HashSet<>();
        rows.forEach(r -> {
            regionIds.add(r.regionId());
            regionIds.add(r.townshipId());
        });
        Map<Long, String> names = regions.names(regionIds);
        return rows.stream().map(r -> {
            CaseSummary c = cases.get(r.caseId());
            return new DisputeView(r.id(), r.caseId(), c.caseNo(), c.title(), r.category(), r.riskGrade(), r.flags(), r.priority(),
                    r.regionId(), names.get(r.regionId()), r.townshipId(), names.get(r.townshipId()), c.state(), c.outcome(),
                    c.escalated(), c.handedOn(), r.createdAt(), c.finishedAt());
        }).toList();
    }

    Detail detail(Actor actor, long id) {
        DisputeRow d = row(actor, id);
        DisputeView view = views(List.of(d)).get(0);
        CaseView c = casework.get(actor, d.caseId());
        AgreementView agreement = store.agreement(id).map(a -> agreementView(a, true)).orElse(null);
        return new Detail(view, c, store.sessions(id), agreement, store.followups(id));
    }

    AgreementView agreementView(AgreementRow a, boolean masked) {
        List<PartyView> parties = store.parties(a.id()).stream().map(p -> masked
                ? new PartyView(p.role(), Masking.name(p.name()), Masking.idCard(p.idNumber()))
                : new PartyView(p.role(), p.name(), p.idNumber())).toList();
        return new AgreementView(a.id(), a.facts(), a.signedOn(), a.signedOn().plusDays(JUDICIAL_DAYS), a.judicialAppliedOn(),
                a.judicialCourt(), a.judicialResult(), a.judicialNote(), parties, store.obligations(a.id()).stream()
                .map(o -> masked ? new ObligationRow(o.id(), o.agreementId(), Masking.name(o.obligor()), o.content(), o.dueOn(),
                        o.performance(), o.checkedOn()) : o).toList());
    }

    /** The agreement with full names, for printing: a personal-data read, audited with its purpose. */
    AgreementView agreementForPrint(Actor actor, long disputeId) {
        row(actor, disputeId);
        AgreementRow a = store.agreement(disputeId).orElseThrow(() -> new NotFoundException("mediation_agreement", "dispute " + disputeId));
        audit.recordPersonalDataRead("mediation_agreement", a.id(), "parties", "打印调解协议书 / print the agreement");
        return agreementView(a, false);
    }

    /** Full names and ID numbers of the agreement's parties: needs a reason; every party read is audited. */
    List<PartyView> revealAgreementParties(Actor actor, long disputeId, String reason) {
        row(actor, disputeId);
        if (reason == null || reason.strip().length() < 2) {
            throw new InvalidInputException("reason", "state why you need the full details (at least 2 characters)");
        }
        AgreementRow a = store.agreement(disputeId).orElseThrow(() -> new NotFoundException("mediation_agreement", "dispute " + disputeId));
        List<PartyView> out = new ArrayList<>();
        for (MediationStore.PartyRow p : store.parties(a.id())) {
            audit.recordPersonalDataRead("mediation_agreement_party", p.id(), "name,id_number", reason.strip());
            out.add(new PartyView(p.role(), p.name(), p.idNumber()));
        }
        return out;
    }

    /** A notice to the township: which dispute (by case number), which flags, when. */
    record Notice(long disputeId, String caseNo, String title, List<String> flags, Instant createdAt) {}

    List<Notice> notifications(Actor actor) {
        requireWorker(actor);
        List<MediationStore.NotificationRow> rows = store.notifications(actor.scope(), 20);
        Map<Long, CaseSummary> cases = casework.summaries(rows.stream().map(MediationStore.NotificationRow::caseId).toList());
        return rows.stream().map(n -> {
            CaseSummary c = cases.get(n.caseId());
            return new Notice(n.disputeId(), c == null ? "#" + n.disputeId() : c.caseNo(), c == null ? "" : c.title(),
                    List.of(n.flags().split(",")), n.createdAt());
        }).toList();
    }

    // ---- the case's moves, from the dispute page ----

    @Transactional
    void act(Actor actor, long id, CaseAction action, ActionInput input) {
        DisputeRow d = row(actor, id);
        casework.act(actor, d.caseId(), action, input);
    }

    // ---- mediation sessions ----

    @Transactional
    long addSession(Actor actor, long id, NewSession in) {
        DisputeRow d = row(actor, id);
        List<FieldProblem> problems = new ArrayList<>();
        MediationKind kind = MediationKind.parse(in.kind());
        if (kind == null) {
            problems.add(new FieldProblem("kind", blank(in.kind()) ? "is required" : "must be one of " + Enums.list(MediationKind.class)));
        }
        String mediator = blank(in.mediator()) ? actor.displayName() : in.mediator().strip();
        if (mediator.length() > 64) {
            problems.add(new FieldProblem("mediator", "must be at most 64 characters"));
        }
        LocalDate heldOn = date("heldOn", in.heldOn(), true, problems);
        if (heldOn != null && heldOn.isAfter(today())) {
            problems.add(new FieldProblem("heldOn", "cannot be in the future"));
        }
        String result = blank(in.result()) ? null : in.result().strip().toUpperCase();
        if (result == null || !Set.of("ONGOING", "SUCCESS", "FAILED").contains(result)) {
            problems.add(new FieldProblem("result", "must be one of ONGOING, SUCCESS, FAILED"));
        }
        LocalDate courtDate = date("courtDate", in.courtDate(), false, problems);
        if (kind == MediationKind.LINKED) {
            if (blank(in.courtUnit())) {
                problems.add(new FieldProblem("courtUnit", "is required for 诉调对接 (court-linked mediation)"));
            }
            if (courtDate == null && blank(in.courtDate())) {
                problems.add(new FieldProblem("courtDate", "is required for 诉调对接 (court-linked mediation)"));
            }
            if (blank(in.courtRef())) {
                problems.add(new FieldProblem("courtRef", "is required for 诉调对接 (court-linked mediation)"));
            }
        }
        if (in.notes() != null && in.notes().strip().length() > 2000) {
            problems.add(new FieldProblem("notes", "must be at most 2000 characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        boolean linked = kind == MediationKind.LINKED;
        long sid = store.insertSession(id, kind, mediator, heldOn, result, blank(in.notes()) ? null : in.notes().strip(),
                linked ? in.courtUnit().strip() : null, linked ? courtDate : null, linked ? in.courtRef().strip() : null, actor.userId());
        audit.record("MEDIATION_SESSION", "mediation_dispute", d.id(), kind + " " + result);
        return sid;
    }

    // ---- the agreement ----

    @Transactional
    long addAgreement(Actor actor, long id, NewAgreement in) {
        DisputeRow d = row(actor, id);
        if (store.agreement(id).isPresent()) {
            throw new ConflictException("agreement", "this dispute already has an agreement");
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (store.sessions(id).stream().noneMatch(s -> "SUCCESS".equals(s.result()))) {
            problems.add(new FieldProblem("agreement", "record a successful mediation before the agreement"));
        }
        if (blank(in.facts())) {
            problems.add(new FieldProblem("facts", "is required"));
        } else if (in.facts().strip().length() > 4000) {
            problems.add(new FieldProblem("facts", "must be at most 4000 characters"));
        }
        LocalDate signedOn = date("signedOn", in.signedOn(), true, problems);
        if (signedOn != null && signedOn.isAfter(today())) {
            problems.add(new FieldProblem("signedOn", "cannot be in the future"));
        }
        List<PartyView> parties = in.parties().stream().filter(p -> !blank(p.name()) || !blank(p.idNumber())).toList();
        if (parties.size() < 2) {
            problems.add(new FieldProblem("parties", "an agreement needs at least two parties"));
        }
        for (PartyView p : parties) {
            if (blank(p.name()) || p.name().strip().length() > 64) {
                problems.add(new FieldProblem("parties", "every party needs a name of at most 64 characters"));
                break;
            }
            if (!blank(p.idNumber()) && !ID_NUMBER.matcher(p.idNumber().strip()).matches()) {
                problems.add(new FieldProblem("parties", "ID number of " + p.name().strip() + ": 18 characters, digits and a final digit or X"));
                break;
            }
        }
        List<NewObligation> obligations = in.obligations().stream().filter(o -> !blank(o.content()) || !blank(o.obligor())).toList();
        if (obligations.isEmpty()) {
            problems.add(new FieldProblem("obligations", "an agreement needs at least one obligation"));
        }
        List<LocalDate> dues = new ArrayList<>();
        for (int i = 0; i < obligations.size(); i++) {
            NewObligation o = obligations.get(i);
            String field = "obligations[" + (i + 1) + "]";
            if (blank(o.obligor()) || blank(o.content())) {
                problems.add(new FieldProblem(field, "needs who owes it and what"));
            }
            LocalDate due = date(field + ".dueOn", o.dueOn(), true, problems);
            if (due != null && signedOn != null && due.isBefore(signedOn)) {
                problems.add(new FieldProblem(field + ".dueOn", "the performance deadline cannot be before the signing date"));
            }
            dues.add(due);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long aid = store.insertAgreement(id, in.facts().strip(), signedOn, actor.userId());
        for (PartyView p : parties) {
            store.insertParty(aid, blank(p.role()) ? "PARTY" : p.role().strip().toUpperCase(), p.name().strip(),
                    blank(p.idNumber()) ? null : p.idNumber().strip().toUpperCase());
        }
        for (int i = 0; i < obligations.size(); i++) {
            store.insertObligation(aid, obligations.get(i).obligor().strip(), obligations.get(i).content().strip(), dues.get(i));
        }
        audit.record("MEDIATION_AGREEMENT", "mediation_dispute", d.id(), "agreement " + aid + " signed " + signedOn);
        return aid;
    }

    @Transactional
    void applyJudicial(Actor actor, long id, String appliedOnText, String court) {
        row(actor, id);
        AgreementRow a = store.agreement(id).orElseThrow(() -> new InvalidInputException("agreement", "record the agreement first"));
        if (a.judicialAppliedOn() != null) {
            throw new ConflictException("judicial", "judicial confirmation was already applied for on " + a.judicialAppliedOn());
        }
        List<FieldProblem> problems = new ArrayList<>();
        LocalDate appliedOn = date("appliedOn", appliedOnText, true, problems);
        if (appliedOn != null) {
            LocalDate last = a.signedOn().plusDays(JUDICIAL_DAYS);
            if (appliedOn.isBefore(a.signedOn())) {
                problems.add(new FieldProblem("appliedOn", "cannot be before the agreement was signed (" + a.signedOn() + ")"));
            } else if (appliedOn.isAfter(last)) {
                problems.add(new FieldProblem("appliedOn", "申请司法确认须在协议签订之日起30日内提出 / must be within 30 days of signing ("
                        + a.signedOn() + "): the last day was " + last));
            } else if (appliedOn.isAfter(today())) {
                problems.add(new FieldProblem("appliedOn", "cannot be in the future"));
            }
        }
        if (blank(court)) {
            problems.add(new FieldProblem("court", "is required: the court applied to"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        store.applyJudicial(a.id(), appliedOn, court.strip());
        audit.record("MEDIATION_JUDICIAL_APPLY", "mediation_dispute", id, court.strip() + " " + appliedOn);
    }

    @Transactional
    void judicialResult(Actor actor, long id, String result, String note) {
        row(actor, id);
        AgreementRow a = store.agreement(id).orElseThrow(() -> new InvalidInputException("agreement", "record the agreement first"));
        if (a.judicialAppliedOn() == null) {
            throw new InvalidInputException("result", "apply for judicial confirmation first");
        }
        String r = blank(result) ? "" : result.strip().toUpperCase();
        if (!Set.of("CONFIRMED", "REJECTED").contains(r)) {
            throw new InvalidInputException("result", "must be CONFIRMED or REJECTED");
        }
        if (note != null && note.strip().length() > 1000) {
            throw new InvalidInputException("note", "must be at most 1000 characters");
        }
        store.judicialResult(a.id(), r, blank(note) ? null : note.strip());
        audit.record("MEDIATION_JUDICIAL_RESULT", "mediation_dispute", id, r);
    }

    @Transactional
    void performance(Actor actor, long id, long obligationId, String performance) {
        row(actor, id);
        AgreementRow a = store.agreement(id).orElseThrow(() -> new NotFoundException("mediation_obligation", obligationId));
        ObligationRow o = store.obligation(obligationId).filter(x -> x.agreementId() == a.id())
                .orElseThrow(() -> new NotFoundException("mediation_obligation", obligationId));
        String p = blank(performance) ? "" : performance.strip().toUpperCase();
        if (!Set.of("PERFORMED", "PARTLY", "NOT_PERFORMED", "PENDING").contains(p)) {
            throw new InvalidInputException("performance", "must be one of PERFORMED, PARTLY, NOT_PERFORMED, PENDING");
        }
        store.setPerformance(o.id(), p, today());
        audit.record("MEDIATION_PERFORMANCE", "mediation_dispute", id, "obligation " + o.id() + " " + p);
    }

    @Transactional
    void addFollowup(Actor actor, long id, String visitedOn, String visitor, String finding) {
        row(actor, id);
        List<FieldProblem> problems = new ArrayList<>();
        LocalDate on = date("visitedOn", visitedOn, true, problems);
        if (on != null && on.isAfter(today())) {
            problems.add(new FieldProblem("visitedOn", "cannot be in the future"));
        }
        String who = blank(visitor) ? actor.displayName() : visitor.strip();
        if (who.length() > 64) {
            problems.add(new FieldProblem("visitor", "must be at most 64 characters"));
        }
        if (blank(finding)) {
            problems.add(new FieldProblem("finding", "is required"));
        } else if (finding.strip().length() > 1000) {
            problems.add(new FieldProblem("finding", "must be at most 1000 characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        store.insertFollowup(id, on, who, finding.strip(), actor.userId());
        audit.record("MEDIATION_FOLLOWUP", "mediation_dispute", id, "visited " + on);
    }

    // ---- helpers ----

    static LocalDate today() {
        return LocalDate.now(Casework.ZONE);
    }

    static LocalDate date(String field, String text, boolean required, List<FieldProblem> problems) {
        if (blank(text)) {
            if (required) {
                problems.add(new FieldProblem(field, "is required"));
            }
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem(field, "'" + text.strip() + "' is not a date (yyyy-mm-dd)"));
            return null;
        }
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static long days(Instant from, Instant to) {
        return ChronoUnit.DAYS.between(from, to);
    }
}
