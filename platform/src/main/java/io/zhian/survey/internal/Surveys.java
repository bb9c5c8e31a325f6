package io.zhian.survey.internal;

import io.zhian.audit.AuditTrail;
import io.zhian.identity.UserDirectory;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.ConflictException;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.ForbiddenException;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NotFoundException;
import io.zhian.shared.Role;
import io.zhian.survey.internal.SurveyStore.CampaignRow;
import io.zhian.survey.internal.SurveyStore.ResponseRow;
import io.zhian.survey.internal.SurveyStore.VersionRow;
import io.zhian.survey.internal.SurveyStore.VisitRow;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Forms and their versions, campaigns and visits, responses and their review. Every by-id read re-checks the
 * caller's scope; a record outside it answers "not found".
 */
@Service
public class Surveys {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    public static final Set<Role> USERS = Set.of(Role.SURVEYOR, Role.TOWNSHIP_OFFICER, Role.CITY_ADMIN);
    static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{2,64}");
    static final Set<String> OUTCOMES = Set.of("DONE", "ABSENT", "REFUSED");

    /** The outcome of a submission: a resend of the same client UUID answers the first id with created = false. */
    public record Submitted(long id, boolean created, String status) {}

    public record SubmitInput(UUID clientUuid, Long campaignId, Long villageId, Map<String, Object> answers, Instant collectedAt) {}

    private final SurveyStore store;
    private final Regions regions;
    private final AuditTrail audit;
    private final UserDirectory users;

    Surveys(SurveyStore store, Regions regions, AuditTrail audit, UserDirectory users) {
        this.users = users;
        this.store = store;
        this.regions = regions;
        this.audit = audit;
    }

    // ---- who may do what ----

    static boolean mayAuthor(Actor a) {
        return a.has(Role.CITY_ADMIN);
    }

    static boolean mayReview(Actor a) {
        return a.hasAny(Role.TOWNSHIP_OFFICER, Role.CITY_ADMIN);
    }

    static boolean mayFill(Actor a) {
        return a.hasAny(Role.SURVEYOR, Role.TOWNSHIP_OFFICER);
    }

    static void require(boolean allowed, String what) {
        if (!allowed) {
            throw new ForbiddenException("your roles may not " + what);
        }
    }

    static void requireUser(Actor a) {
        require(a.hasAny(USERS), "use surveys");
    }

    // ---- forms ----

    public List<SurveyStore.FormRow> forms(Actor actor) {
        requireUser(actor);
        return store.forms();
    }

    public VersionRow version(Actor actor, long id) {
        requireUser(actor);
        return store.version(id).orElseThrow(() -> new NotFoundException("survey_form_version", id));
    }

    public List<VersionRow> versions(Actor actor, long formId) {
        requireUser(actor);
        return store.versions(formId);
    }

    /** A new form with an empty draft (version 1); returns the draft's id. */
    @Transactional
    public long createForm(Actor actor, String code, String title) {
        require(mayAuthor(actor), "author forms");
        List<FieldProblem> problems = new ArrayList<>();
        checkFormHeader(code, title, problems);
        if (problems.isEmpty() && store.formIdByCode(code.strip()).isPresent()) {
            problems.add(new FieldProblem("code", "is already used by another form"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long formId = store.insertForm(code.strip(), title.strip(), actor.userId());
        long draft = store.insertDraft(formId, List.of(), actor.userId());
        audit.record("SURVEY_FORM_CREATE", "survey_form", formId, code.strip());
        return draft;
    }

    private static void checkFormHeader(String code, String title, List<FieldProblem> problems) {
        if (code == null || !CODE.matcher(code.strip()).matches()) {
            problems.add(new FieldProblem("code", "2 to 64 letters, digits, '-' or '_'"));
        }
        if (title == null || title.isBlank()) {
            problems.add(new FieldProblem("title", "is required"));
        } else if (title.strip().length() > 200) {
            problems.add(new FieldProblem("title", "must be at most 200 characters"));
        }
    }

    /** The form's draft: the existing one, or a new one copied from the latest published version. */
    @Transactional
    public long draft(Actor actor, long formId) {
        require(mayAuthor(actor), "author forms");
        var existing = store.draftOf(formId);
        if (existing.isPresent()) {
            return existing.get();
        }
        List<VersionRow> versions = store.versions(formId);
        if (versions.isEmpty()) {
            throw new NotFoundException("survey_form", formId);
        }
        long id = store.insertDraft(formId, versions.get(0).questions(), actor.userId());
        audit.record("SURVEY_FORM_DRAFT", "survey_form_version", id, "from version " + versions.get(0).version());
        return id;
    }

    private VersionRow editableDraft(Actor actor, long versionId) {
        require(mayAuthor(actor), "author forms");
        VersionRow v = store.version(versionId).orElseThrow(() -> new NotFoundException("survey_form_version", versionId));
        if (v.published()) {
            throw new ConflictException("status", "version " + v.version() + " of " + v.formCode()
                    + " is published and never changes; start a new draft to edit it");
        }
        return v;
    }

    private void saveDraft(VersionRow v, List<Question> questions, int expectedEdits, String action, String detail) {
        if (store.updateDraft(v.id(), questions, expectedEdits) == 0) {
            throw new ConflictException("edits", "someone else changed this draft meanwhile; reload and try again");
        }
        audit.record(action, "survey_form_version", v.id(), detail);
    }

    @Transactional
    public void addQuestion(Actor actor, long versionId, Question q, int expectedEdits) {
        VersionRow v = editableDraft(actor, versionId);
        List<FieldProblem> problems = FormRules.check(q, v.questions(), "");
        if (v.questions().size() >= FormRules.MAX_QUESTIONS) {
            problems.add(new FieldProblem("name", "a form holds at most " + FormRules.MAX_QUESTIONS + " questions"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        List<Question> next = SurveyStore.copy(v.questions());
        next.add(q);
        saveDraft(v, next, expectedEdits, "SURVEY_QUESTION_ADD", q.name());
    }

    /** Moves question {@code index} (0-based) one place up or down; refused if a condition would then point forward. */
    @Transactional
    public void moveQuestion(Actor actor, long versionId, int index, boolean up, int expectedEdits) {
        VersionRow v = editableDraft(actor, versionId);
        int other = up ? index - 1 : index + 1;
        if (index < 0 || index >= v.questions().size() || other < 0 || other >= v.questions().size()) {
            throw new InvalidInputException("index", "no question to swap with");
        }
        List<Question> next = SurveyStore.copy(v.questions());
        Question q = next.get(index);
        next.set(index, next.get(other));
        next.set(other, q);
        List<FieldProblem> problems = FormRules.check(next);
        problems.removeIf(p -> p.field().equals("questions"));
        if (!problems.isEmpty()) {
            throw new InvalidInputException("index", "cannot move: a condition must refer to an earlier question ("
                    + problems.get(0).field() + ": " + problems.get(0).reason() + ")");
        }
        saveDraft(v, next, expectedEdits, "SURVEY_QUESTION_MOVE", q.name() + (up ? " up" : " down"));
    }

    @Transactional
    public void removeQuestion(Actor actor, long versionId, int index, int expectedEdits) {
        VersionRow v = editableDraft(actor, versionId);
        if (index < 0 || index >= v.questions().size()) {
            throw new InvalidInputException("index", "no such question");
        }
        List<Question> next = SurveyStore.copy(v.questions());
        Question removed = next.remove(index);
        for (Question q : next) {
            FormRules.Condition c = FormRules.parse(q.relevant());
            if (c != null && c.question().equals(removed.name())) {
                throw new InvalidInputException("index", "question " + q.name() + " is shown depending on " + removed.name()
                        + "; change or remove that condition first");
            }
        }
        saveDraft(v, next, expectedEdits, "SURVEY_QUESTION_REMOVE", removed.name());
    }

    @Transactional
    public void publish(Actor actor, long versionId) {
        VersionRow v = editableDraft(actor, versionId);
        List<FieldProblem> problems = FormRules.check(v.questions());
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (store.publish(versionId) == 0) {
            throw new ConflictException("status", "this draft was published meanwhile");
        }
        audit.record("SURVEY_FORM_PUBLISH", "survey_form_version", versionId, v.formCode() + " v" + v.version());
    }

    /** Imports an XLSForm workbook as the draft of form {@code code} (created if new); all or nothing. */
    @Transactional
    public long importXlsForm(Actor actor, String code, String title, InputStream xlsx) {
        require(mayAuthor(actor), "author forms");
        List<FieldProblem> problems = new ArrayList<>();
        checkFormHeader(code, title, problems);
        List<Question> questions = XlsForm.read(xlsx, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        var formId = store.formIdByCode(code.strip());
        long versionId;
        if (formId.isPresent()) {
            store.renameForm(formId.get(), title.strip());
            var draft = store.draftOf(formId.get());
            if (draft.isPresent()) {
                VersionRow d = store.version(draft.get()).orElseThrow();
                store.updateDraft(d.id(), questions, d.edits());
                versionId = d.id();
            } else {
                versionId = store.insertDraft(formId.get(), questions, actor.userId());
            }
        } else {
            long id = store.insertForm(code.strip(), title.strip(), actor.userId());
            versionId = store.insertDraft(id, questions, actor.userId());
        }
        audit.record("SURVEY_FORM_IMPORT", "survey_form_version", versionId, code.strip() + " " + questions.size() + " questions");
        return versionId;
    }

    // ---- campaigns and visits ----

    public List<CampaignRow> campaigns(Actor actor) {
        requireUser(actor);
        return store.campaigns();
    }

    public CampaignRow campaign(Actor actor, long id) {
        requireUser(actor);
        return store.campaign(id).orElseThrow(() -> new NotFoundException("survey_campaign", id));
    }

    /**
     * A campaign over the given villages (all villages when empty) with a published version, drawing
     * {@code perVillage} households per village (10 per group, 村名-组-户号).
     */
    @Transactional
    public long createCampaign(Actor actor, String name, Long formVersionId, LocalDate from, LocalDate to, Integer perVillage,
                               List<Long> villageIds) {
        require(mayAuthor(actor), "create campaigns");
        List<FieldProblem> problems = new ArrayList<>();
        if (name == null || name.isBlank() || name.strip().length() > 200) {
            problems.add(new FieldProblem("name", "is required (at most 200 characters)"));
        }
        VersionRow v = formVersionId == null ? null : store.version(formVersionId).orElse(null);
        if (v == null) {
            problems.add(new FieldProblem("formVersionId", "is not a form version"));
        } else if (!v.published()) {
            problems.add(new FieldProblem("formVersionId", "only a published version can be used in a campaign"));
        }
        if (from == null || to == null || to.isBefore(from)) {
            problems.add(new FieldProblem("endsOn", "the campaign needs a start and an end on or after it"));
        }
        if (perVillage == null || perVillage < 1 || perVillage > 500) {
            problems.add(new FieldProblem("householdsPerVillage", "must be between 1 and 500"));
        }
        long[] villages = villageIds == null || villageIds.isEmpty()
                ? regions.byLevel(RegionLevel.VILLAGE).stream().mapToLong(Region::id).toArray()
                : villageIds.stream().mapToLong(Long::longValue).toArray();
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id = store.insertCampaign(name.strip(), formVersionId, from, to, perVillage,
                "每村抽取 " + perVillage + " 户，每组 10 户（村名-组-户号）", actor.userId());
        int added = store.addVillages(id, villages, perVillage, 10);
        if (added == 0) {
            throw new InvalidInputException("villageIds", "none of these is a village");
        }
        audit.record("SURVEY_CAMPAIGN_CREATE", "survey_campaign", id, name.strip() + ", " + added + " villages");
        return id;
    }

    static boolean mayFormTeams(Actor a) {
        return mayAuthor(a) || a.has(Role.TOWNSHIP_OFFICER);
    }

    /** Adds a surveyor (by username) to the team that visits a village; adding a member twice changes nothing. */
    @Transactional
    public long addTeamMember(Actor actor, long campaignId, long villageId, String username) {
        require(mayFormTeams(actor), "form teams");
        campaign(actor, campaignId);
        requireVillageInScope(actor, campaignId, villageId);
        UserDirectory.UserSummary user = teamUser(username);
        if (!users.hasRole(user.id(), Role.SURVEYOR)) {
            throw new InvalidInputException("username", "user " + user.username() + " is not a surveyor (调查员)");
        }
        if (!user.enabled()) {
            throw new InvalidInputException("username", "user " + user.username() + " is disabled");
        }
        store.addTeamMember(campaignId, villageId, user.id());
        audit.record("SURVEY_TEAM_ADD", "survey_campaign", campaignId, "village " + villageId + " user " + user.id());
        return user.id();
    }

    @Transactional
    public void removeTeamMember(Actor actor, long campaignId, long villageId, String username) {
        require(mayFormTeams(actor), "form teams");
        campaign(actor, campaignId);
        requireVillageInScope(actor, campaignId, villageId);
        UserDirectory.UserSummary user = teamUser(username);
        if (store.removeTeamMember(campaignId, villageId, user.id()) == 0) {
            throw new InvalidInputException("username", "user " + user.username() + " is not on this village's team");
        }
        audit.record("SURVEY_TEAM_REMOVE", "survey_campaign", campaignId, "village " + villageId + " user " + user.id());
    }

    private UserDirectory.UserSummary teamUser(String username) {
        String u = username == null ? "" : username.strip();
        if (u.isEmpty()) {
            throw new InvalidInputException("username", "is required");
        }
        return users.findByUsername(u).orElseThrow(() -> new InvalidInputException("username", "no user has this username"));
    }

    /** The teams of the campaign's villages of one township in scope: village id → members. */
    public Map<Long, List<UserDirectory.UserSummary>> teams(Actor actor, long campaignId, long townshipId) {
        campaign(actor, campaignId);
        Map<Long, List<UserDirectory.UserSummary>> teams = new LinkedHashMap<>();
        for (long[] m : store.teamMembers(campaignId, townshipId, actor.scope())) {
            users.find(m[1]).ifPresent(u -> teams.computeIfAbsent(m[0], k -> new ArrayList<>()).add(u));
        }
        return teams;
    }

    public List<Map<String, Object>> campaignVillages(Actor actor, long campaignId) {
        campaign(actor, campaignId);
        return store.campaignVillages(campaignId, actor.scope(), actor.userId());
    }

    private long requireVillageInScope(Actor actor, long campaignId, long villageId) {
        long township = store.townshipOfCampaignVillage(campaignId, villageId)
                .orElseThrow(() -> new NotFoundException("survey_campaign_village", villageId));
        if (!actor.scope().coversRegion(villageId)) {
            throw NotFoundException.outOfScope("survey_campaign_village", villageId);
        }
        return township;
    }

    public List<VisitRow> visits(Actor actor, long campaignId, long villageId) {
        requireUser(actor);
        requireVillageInScope(actor, campaignId, villageId);
        return store.visits(campaignId, villageId);
    }

    @Transactional
    public VisitRow recordVisit(Actor actor, long visitId, String outcome, Instant at) {
        require(mayFill(actor), "record visits");
        VisitRow v = store.visit(visitId).orElseThrow(() -> new NotFoundException("survey_visit", visitId));
        if (!actor.scope().coversRegion(v.villageId())) {
            throw NotFoundException.outOfScope("survey_visit", visitId);
        }
        String o = outcome == null ? "" : outcome.strip().toUpperCase();
        if (!OUTCOMES.contains(o)) {
            throw new InvalidInputException("outcome", "must be one of DONE, ABSENT, REFUSED");
        }
        Instant when = at == null || at.isAfter(Instant.now().plus(Duration.ofMinutes(10))) ? Instant.now() : at;
        store.setOutcome(visitId, o, when, actor.userId());
        audit.record("SURVEY_VISIT_OUTCOME", "survey_visit", visitId, o);
        return store.visit(visitId).orElseThrow();
    }

    public List<SurveyStore.Coverage> coverage(Actor actor, long campaignId, Long townshipId) {
        campaign(actor, campaignId);
        if (townshipId != null && !actor.scope().coversRegion(townshipId)) {
            throw NotFoundException.outOfScope("region", townshipId);
        }
        return store.coverage(campaignId, actor.scope(), townshipId);
    }

    // ---- responses ----

    /**
     * Stores a response once per client UUID: a resend (the phone lost the first answer) gets the first
     * response's id back and changes nothing.
     */
    @Transactional
    public Submitted submit(Actor actor, SubmitInput in) {
        require(mayFill(actor), "submit survey responses");
        if (in.clientUuid() == null) {
            throw new InvalidInputException("clientUuid", "is required (a UUID made by the client, so that a resend is stored once)");
        }
        var earlier = store.responseByUuid(in.clientUuid());
        if (earlier.isPresent()) {
            return resent(actor, earlier.get());
        }
        List<FieldProblem> problems = new ArrayList<>();
        CampaignRow campaign = in.campaignId() == null ? null : store.campaign(in.campaignId()).orElse(null);
        if (campaign == null) {
            problems.add(new FieldProblem("campaignId", "is not a campaign"));
        }
        if (in.villageId() == null) {
            problems.add(new FieldProblem("villageId", "is required"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long township = requireVillageInScope(actor, campaign.id(), in.villageId());
        Instant now = Instant.now();
        Instant collected = in.collectedAt() == null ? now : in.collectedAt();
        if (collected.isAfter(now.plus(Duration.ofMinutes(10)))) {
            problems.add(new FieldProblem("collectedAt", "is in the future"));
        }
        VersionRow form = store.version(campaign.formVersionId()).orElseThrow();
        Map<String, Object> answers = FormRules.clean(form.questions(), in.answers(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        // only the date is kept: an exact time could be matched with the visit task's time (see V801)
        LocalDate collectedOn = collected.atZone(ZONE).toLocalDate();
        LocalDate month = collectedOn.withDayOfMonth(1);
        var id = store.insertResponse(in.clientUuid(), campaign.id(), form.id(), in.villageId(), township, month, actor.userId(),
                answers, collectedOn);
        if (id.isEmpty()) { // a concurrent resend won the race
            return resent(actor, store.responseByUuid(in.clientUuid()).orElseThrow());
        }
        store.putScaleAnswers(id.get(), levels(form.questions(), answers));
        // no response id here: this entry's exact time sits next to the visit outcome's, and must not name the answers
        audit.record("SURVEY_RESPONSE_SUBMIT", "survey_campaign", campaign.id(), "village " + in.villageId());
        return new Submitted(id.get(), true, "SUBMITTED");
    }

    private static Submitted resent(Actor actor, ResponseRow r) {
        if (r.surveyorId() == null || r.surveyorId() != actor.userId()) {
            throw new ConflictException("clientUuid", "this UUID belongs to another response");
        }
        return new Submitted(r.id(), false, r.status());
    }

    static Map<String, Integer> levels(List<Question> questions, Map<String, Object> answers) {
        Map<String, Integer> levels = new LinkedHashMap<>();
        for (Question q : questions) {
            if (q.type() == QuestionType.SCALE5 && answers.containsKey(q.name())) {
                levels.put(q.name(), q.level(String.valueOf(answers.get(q.name()))));
            }
        }
        return levels;
    }

    /** The by-id read: reviewers see their scope, surveyors their own responses. */
    public ResponseRow response(Actor actor, long id) {
        requireUser(actor);
        ResponseRow r = store.response(id).orElseThrow(() -> new NotFoundException("survey_response", id));
        boolean own = r.surveyorId() != null && r.surveyorId() == actor.userId();
        boolean allowed = mayReview(actor) ? actor.scope().permits(r.villageId(), null, r.surveyorId())
                : own && actor.scope().coversRegion(r.villageId());
        if (!allowed) {
            throw NotFoundException.outOfScope("survey_response", id);
        }
        return r;
    }

    public record ResponsePage(long total, int page, int size, List<ResponseRow> items) {}

    public ResponsePage responses(Actor actor, String status, Long campaignId, Long townshipId, int page, int size) {
        return responses(actor, status, campaignId, townshipId, null, null, null, null, page, size);
    }

    /**
     * Responses in the caller's scope (surveyors: their own), narrowed to a region subtree ({@code villageIds}, expanded),
     * to months and to the responses an index is computed from ({@code indexQuestions}); null means "any".
     */
    public ResponsePage responses(Actor actor, String status, Long campaignId, Long townshipId, long[] villageIds, YearMonth from,
                                  YearMonth to, List<String> indexQuestions, int page, int size) {
        requireUser(actor);
        String s = status == null || status.isBlank() ? null : status.strip().toUpperCase();
        if (s != null && !Set.of("SUBMITTED", "RETURNED", "ACCEPTED").contains(s)) {
            throw new InvalidInputException("status", "must be one of SUBMITTED, RETURNED, ACCEPTED");
        }
        var filter = new SurveyStore.ResponseFilter(s, campaignId, townshipId, mayReview(actor) ? null : actor.userId(), villageIds,
                from == null ? null : from.atDay(1), to == null ? null : to.atDay(1), indexQuestions);
        int sz = Math.min(Math.max(size, 1), 500);
        int p = Math.max(page, 0);
        return new ResponsePage(store.countResponses(actor.scope(), filter), p, sz, store.responses(actor.scope(), filter, p * sz, sz));
    }

    public record DrawnVisitPage(long total, int page, int size, List<SurveyStore.DrawnVisit> items) {}

    /**
     * The visit tasks (households drawn) of the campaigns running in the months, in a region subtree ({@code villageIds},
     * expanded; null = the whole scope): the records behind the coverage figure. Reviewers only.
     */
    public DrawnVisitPage drawnVisits(Actor actor, long[] villageIds, YearMonth from, YearMonth to, Boolean visited, int page, int size) {
        require(mayReview(actor), "see visit coverage");
        int sz = Math.min(Math.max(size, 1), 500);
        int p = Math.max(page, 0);
        return new DrawnVisitPage(store.countDrawnVisits(actor.scope(), villageIds, from.atDay(1), to.atEndOfMonth(), visited), p, sz,
                store.drawnVisits(actor.scope(), villageIds, from.atDay(1), to.atEndOfMonth(), visited, p * sz, sz));
    }

    /** Accept, or return to the surveyor with a note. Only a submitted response can be reviewed. */
    @Transactional
    public ResponseRow review(Actor actor, long id, String action, String note, Integer expectedVersion) {
        require(mayReview(actor), "review survey responses");
        ResponseRow r = response(actor, id);
        String a = action == null ? "" : action.strip().toLowerCase();
        String status = switch (a) {
            case "accept" -> "ACCEPTED";
            case "return" -> "RETURNED";
            default -> throw new InvalidInputException("action", "must be accept or return");
        };
        String n = note == null ? null : note.strip();
        if ("RETURNED".equals(status) && (n == null || n.length() < 2)) {
            throw new InvalidInputException("note", "say what the surveyor should check (at least 2 characters)");
        }
        if (n != null && n.length() > 1000) {
            throw new InvalidInputException("note", "must be at most 1000 characters");
        }
        if (!"SUBMITTED".equals(r.status())) {
            throw new ConflictException("status", "response " + id + " is " + r.status() + "; only a submitted response can be reviewed");
        }
        if (store.review(id, status, n, actor.userId(), expectedVersion == null ? r.version() : expectedVersion) == 0) {
            throw new ConflictException("version", "someone else changed this response meanwhile; reload and try again");
        }
        audit.record("SURVEY_RESPONSE_" + status, "survey_response", id, n);
        return store.response(id).orElseThrow();
    }

    /** The responses an officer returned to this surveyor, waiting for a correction (own responses in scope only). */
    public List<ResponseRow> returnedTo(Actor actor) {
        require(mayFill(actor), "fill survey forms");
        var filter = new SurveyStore.ResponseFilter("RETURNED", null, null, actor.userId());
        return store.responses(actor.scope(), filter, 0, 500);
    }

    /**
     * The by-id read for correcting: only the surveyor who collected the response, while its village is in their
     * scope. Anybody else, reviewers included, is told "not found".
     */
    public ResponseRow ownResponse(Actor actor, long id) {
        ResponseRow r = response(actor, id);
        if (r.surveyorId() == null || r.surveyorId() != actor.userId() || !actor.scope().coversRegion(r.villageId())) {
            throw NotFoundException.outOfScope("survey_response", id);
        }
        return r;
    }

    /**
     * The surveyor corrects a returned response; it goes back to review. Idempotent: the same correction sent
     * again (same answers, the version it was made against) answers the stored response and changes nothing.
     */
    @Transactional
    public ResponseRow resubmit(Actor actor, long id, Map<String, Object> answers, Integer expectedVersion) {
        ResponseRow r = ownResponse(actor, id);
        VersionRow form = store.version(r.formVersionId()).orElseThrow();
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, Object> clean = FormRules.clean(form.questions(), answers, problems);
        if (!"RETURNED".equals(r.status())) {
            if (problems.isEmpty() && "SUBMITTED".equals(r.status()) && expectedVersion != null && r.version() == expectedVersion + 1
                    && sameAnswers(clean, r.answers())) {
                return r; // a resend of the correction that was already stored
            }
            throw new ConflictException("status", "only a returned response can be corrected");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (store.resubmit(id, clean, expectedVersion == null ? r.version() : expectedVersion) == 0) {
            throw new ConflictException("version", "someone else changed this response meanwhile; reload and try again");
        }
        store.putScaleAnswers(id, levels(form.questions(), clean));
        audit.record("SURVEY_RESPONSE_RESUBMIT", "survey_response", id, null);
        return store.response(id).orElseThrow();
    }

    private static boolean sameAnswers(Map<String, Object> clean, Map<String, Object> stored) {
        // through JSON both ways, as the stored answers were
        return SurveyStore.JSON.readTree(SurveyStore.JSON.writeValueAsString(clean))
                .equals(SurveyStore.JSON.readTree(SurveyStore.JSON.writeValueAsString(stored)));
    }

    /** The questions of a response's form version, for showing its answers. */
    public VersionRow formOf(ResponseRow r) {
        return store.version(r.formVersionId()).orElseThrow();
    }
}
