package io.zhian.survey.internal;

import io.zhian.shared.ActorProvider;
import io.zhian.shared.ImportReport;
import io.zhian.shared.InvalidInputException;
import io.zhian.surveyindex.IndexCalculator.Figure;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** REST API of the survey module. */
@RestController
@RequestMapping("/api/v1/survey")
class SurveyApi {

    record FormInput(String code, String title) {}

    record QuestionInput(String name, String type, String label, Boolean required, String relevant, List<Question.Choice> choices,
                         Integer edits) {}

    record CampaignInput(String name, Long formVersionId, LocalDate startsOn, LocalDate endsOn, Integer householdsPerVillage,
                         List<Long> villageIds) {}

    record ResponseInput(String clientUuid, Long campaignId, Long villageId, Map<String, Object> answers, String collectedAt) {}

    record ReviewInput(String action, String note, Integer version) {}

    record ResubmitInput(Map<String, Object> answers, Integer version) {}

    record VisitInput(String outcome, String at) {}

    record LevelsInput(List<Boolean> counted, List<Double> weights) {}

    private final Surveys surveys;
    private final SurveyIndices indices;
    private final Rankings rankings;
    private final ActorProvider actors;

    SurveyApi(Surveys surveys, SurveyIndices indices, Rankings rankings, ActorProvider actors) {
        this.surveys = surveys;
        this.indices = indices;
        this.rankings = rankings;
        this.actors = actors;
    }

    // ---- forms ----

    @GetMapping("/forms")
    List<SurveyStore.FormRow> forms() {
        return surveys.forms(actors.require());
    }

    @PostMapping("/forms")
    ResponseEntity<SurveyStore.VersionRow> createForm(@RequestBody FormInput in) {
        var actor = actors.require();
        long id = surveys.createForm(actor, in.code(), in.title());
        return ResponseEntity.status(HttpStatus.CREATED).body(surveys.version(actor, id));
    }

    @PostMapping(value = "/forms/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<SurveyStore.VersionRow> importForm(@RequestParam String code, @RequestParam String title,
                                                      @RequestParam MultipartFile file) throws IOException {
        var actor = actors.require();
        long id = surveys.importXlsForm(actor, code, title, file.getInputStream());
        return ResponseEntity.status(HttpStatus.CREATED).body(surveys.version(actor, id));
    }

    @PostMapping("/forms/{formId}/draft")
    SurveyStore.VersionRow draft(@PathVariable long formId) {
        var actor = actors.require();
        return surveys.version(actor, surveys.draft(actor, formId));
    }

    @GetMapping("/forms/{formId}/versions")
    List<SurveyStore.VersionRow> versions(@PathVariable long formId) {
        return surveys.versions(actors.require(), formId);
    }

    @GetMapping("/form-versions/{id}")
    SurveyStore.VersionRow version(@PathVariable long id) {
        return surveys.version(actors.require(), id);
    }

    @PostMapping("/form-versions/{id}/questions")
    SurveyStore.VersionRow addQuestion(@PathVariable long id, @RequestBody QuestionInput in) {
        var actor = actors.require();
        surveys.addQuestion(actor, id, question(in), edits(in.edits(), actor, id));
        return surveys.version(actor, id);
    }

    @PostMapping("/form-versions/{id}/questions/{index}/move")
    SurveyStore.VersionRow move(@PathVariable long id, @PathVariable int index, @RequestParam String direction,
                                @RequestParam(required = false) Integer edits) {
        var actor = actors.require();
        if (!direction.equals("up") && !direction.equals("down")) {
            throw new InvalidInputException("direction", "must be up or down");
        }
        surveys.moveQuestion(actor, id, index - 1, direction.equals("up"), edits(edits, actor, id));
        return surveys.version(actor, id);
    }

    @DeleteMapping("/form-versions/{id}/questions/{index}")
    SurveyStore.VersionRow remove(@PathVariable long id, @PathVariable int index, @RequestParam(required = false) Integer edits) {
        var actor = actors.require();
        surveys.removeQuestion(actor, id, index - 1, edits(edits, actor, id));
        return surveys.version(actor, id);
    }

    @PostMapping("/form-versions/{id}/publish")
    SurveyStore.VersionRow publish(@PathVariable long id) {
        var actor = actors.require();
        surveys.publish(actor, id);
        return surveys.version(actor, id);
    }

    private int edits(Integer given, io.zhian.shared.Actor actor, long id) {
        return given != null ? given : surveys.version(actor, id).edits();
    }

    static Question question(QuestionInput in) {
        QuestionType type = null;
        if (in.type() != null && !in.type().isBlank()) {
            try {
                type = QuestionType.valueOf(in.type().strip().toUpperCase());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("type", "must be one of SINGLE, MULTIPLE, SCALE5, TEXT, NUMBER");
            }
        }
        return new Question(in.name() == null ? null : in.name().strip(), type, in.label() == null ? null : in.label().strip(),
                Boolean.TRUE.equals(in.required()), in.relevant(), in.choices());
    }

    // ---- campaigns and visits ----

    @GetMapping("/campaigns")
    List<SurveyStore.CampaignRow> campaigns() {
        return surveys.campaigns(actors.require());
    }

    @PostMapping("/campaigns")
    ResponseEntity<SurveyStore.CampaignRow> createCampaign(@RequestBody CampaignInput in) {
        var actor = actors.require();
        long id = surveys.createCampaign(actor, in.name(), in.formVersionId(), in.startsOn(), in.endsOn(), in.householdsPerVillage(),
                in.villageIds());
        return ResponseEntity.status(HttpStatus.CREATED).body(surveys.campaign(actor, id));
    }

    @GetMapping("/campaigns/{id}")
    SurveyStore.CampaignRow campaign(@PathVariable long id) {
        return surveys.campaign(actors.require(), id);
    }

    @GetMapping("/campaigns/{id}/coverage")
    List<SurveyStore.Coverage> coverage(@PathVariable long id, @RequestParam(required = false) Long township) {
        return surveys.coverage(actors.require(), id, township);
    }

    @GetMapping("/campaigns/{id}/villages/{villageId}/visits")
    List<SurveyStore.VisitRow> visits(@PathVariable long id, @PathVariable long villageId) {
        return surveys.visits(actors.require(), id, villageId);
    }

    record TeamInput(String username) {}

    /** Adds a user (by username) to the team of a village in a campaign. */
    @PostMapping("/campaigns/{id}/villages/{villageId}/team")
    ResponseEntity<Map<String, Object>> addTeamMember(@PathVariable long id, @PathVariable long villageId, @RequestBody TeamInput in) {
        long userId = surveys.addTeamMember(actors.require(), id, villageId, in.username());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("campaignId", id, "villageId", villageId, "userId", userId));
    }

    /** Removes a user (by username) from the team of a village in a campaign. */
    @DeleteMapping("/campaigns/{id}/villages/{villageId}/team/{username}")
    ResponseEntity<Void> removeTeamMember(@PathVariable long id, @PathVariable long villageId, @PathVariable String username) {
        surveys.removeTeamMember(actors.require(), id, villageId, username);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/visits/{id}")
    SurveyStore.VisitRow visit(@PathVariable long id, @RequestBody VisitInput in) {
        return surveys.recordVisit(actors.require(), id, in.outcome(), instant(in.at(), "at"));
    }

    // ---- responses ----

    /** Idempotent on clientUuid: 201 for a new response, 200 with the same id for a resend. */
    @PostMapping("/responses")
    ResponseEntity<Surveys.Submitted> submit(@RequestBody ResponseInput in) {
        UUID uuid = null;
        if (in.clientUuid() != null && !in.clientUuid().isBlank()) {
            try {
                uuid = UUID.fromString(in.clientUuid().strip());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("clientUuid", "is not a UUID");
            }
        }
        Surveys.Submitted s = surveys.submit(actors.require(), new Surveys.SubmitInput(uuid, in.campaignId(), in.villageId(),
                in.answers(), instant(in.collectedAt(), "collectedAt")));
        return ResponseEntity.status(s.created() ? HttpStatus.CREATED : HttpStatus.OK).body(s);
    }

    @GetMapping("/responses")
    Surveys.ResponsePage responses(@RequestParam(required = false) String status, @RequestParam(required = false) Long campaign,
                                   @RequestParam(required = false) Long township, @RequestParam(defaultValue = "0") int page,
                                   @RequestParam(defaultValue = "50") int size) {
        return surveys.responses(actors.require(), status, campaign, township, page, size);
    }

    @GetMapping("/responses/{id}")
    SurveyStore.ResponseRow response(@PathVariable long id) {
        return surveys.response(actors.require(), id);
    }

    @PostMapping("/responses/{id}/review")
    SurveyStore.ResponseRow review(@PathVariable long id, @RequestBody ReviewInput in) {
        return surveys.review(actors.require(), id, in.action(), in.note(), in.version());
    }

    @PostMapping("/responses/{id}/resubmit")
    SurveyStore.ResponseRow resubmit(@PathVariable long id, @RequestBody ResubmitInput in) {
        return surveys.resubmit(actors.require(), id, in.answers(), in.version());
    }

    // ---- indices and rankings ----

    @GetMapping("/indices")
    Map<String, Object> indices(@RequestParam(defaultValue = "township") String dimension, @RequestParam(required = false) String from,
                                @RequestParam(required = false) String to, @RequestParam(required = false) Long township,
                                @RequestParam(required = false) Long campaign) {
        YearMonth[] range = range(from, to);
        SurveyIndices.Table t = indices.table(actors.require(), dimension, range[0], range[1], township, campaign);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dimension", t.dimension());
        out.put("from", range[0].toString());
        out.put("to", range[1].toString());
        out.put("indices", t.indices().stream().map(i -> Map.of("code", i.code(), "name", i.nameZh(), "kind", i.kind().name())).toList());
        out.put("rows", t.rows().stream().map(r -> row(t, r)).toList());
        out.put("total", row(t, t.total()));
        return out;
    }

    private static Map<String, Object> row(SurveyIndices.Table t, SurveyIndices.Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("name", r.name());
        Map<String, Object> figures = new LinkedHashMap<>();
        for (int i = 0; i < t.indices().size(); i++) {
            figures.put(t.indices().get(i).code(), figure(r.figures().get(i)));
        }
        m.put("figures", figures);
        return m;
    }

    static Map<String, Object> figure(Figure f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", f.n());
        m.put("value", f.isEmpty() ? null : round(f.value()));
        m.put("low", f.isEmpty() ? null : round(f.low()));
        m.put("high", f.isEmpty() ? null : round(f.high()));
        m.put("smallSample", f.n() < SurveyIndices.SMALL_SAMPLE);
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static YearMonth[] range(String from, String to) {
        YearMonth now = YearMonth.now(Surveys.ZONE);
        try {
            YearMonth t = to == null || to.isBlank() ? now : YearMonth.parse(to.strip());
            YearMonth f = from == null || from.isBlank() ? t.minusMonths(5) : YearMonth.parse(from.strip());
            if (f.plusMonths(60).isBefore(t)) {
                throw new InvalidInputException("from", "at most five years at once");
            }
            return new YearMonth[] {f, t};
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("from", "months are written YYYY-MM");
        }
    }

    @GetMapping("/indices/config")
    List<SurveyIndices.IndexConfig> config() {
        actors.require();
        return indices.config();
    }

    @PutMapping("/indices/config/{code}")
    List<SurveyIndices.IndexConfig> configure(@PathVariable String code, @RequestBody LevelsInput in) {
        if (in.counted() == null || in.weights() == null || in.counted().size() != 5 || in.weights().size() != 5
                || in.counted().contains(null) || in.weights().contains(null)) {
            throw new InvalidInputException("levels", "give counted and weights for the five levels");
        }
        boolean[] counted = new boolean[5];
        double[] weights = new double[5];
        for (int i = 0; i < 5; i++) {
            counted[i] = in.counted().get(i);
            weights[i] = in.weights().get(i);
        }
        indices.configure(actors.require(), code, counted, weights);
        return indices.config();
    }

    @GetMapping("/rankings")
    Map<String, Object> rankings() {
        var actor = actors.require();
        return Map.of("targets", rankings.targets(), "positions", rankings.positions(actor));
    }

    @PostMapping(value = "/rankings/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<ImportReport> importRankings(@RequestParam MultipartFile file) throws IOException {
        ImportReport report = rankings.importCsv(actors.require(), new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8));
        return ResponseEntity.status(report.applied() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT).body(report);
    }

    @PostMapping(value = "/rankings/import", consumes = "text/csv")
    ResponseEntity<ImportReport> importRankingsText(@RequestBody String csv) {
        ImportReport report = rankings.importCsv(actors.require(), new StringReader(csv));
        return ResponseEntity.status(report.applied() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT).body(report);
    }

    static Instant instant(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "is not an ISO-8601 instant such as 2026-11-29T08:30:00Z");
        }
    }
}
