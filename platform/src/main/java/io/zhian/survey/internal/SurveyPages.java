package io.zhian.survey.internal;

import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.RegionMonthFilter;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.ConflictException;
import io.zhian.shared.ImportReport;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NavigationEntry;
import io.zhian.shared.NotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Survey pages: overview and coverage, the phone form, review, the form editor, indices and rankings. */
@Controller
class SurveyPages {

    private static final int PAGE = 50;

    private final Surveys surveys;
    private final SurveyIndices indices;
    private final Rankings rankings;
    private final Regions regions;
    private final ActorProvider actors;

    SurveyPages(Surveys surveys, SurveyIndices indices, Rankings rankings, Regions regions, ActorProvider actors) {
        this.surveys = surveys;
        this.indices = indices;
        this.rankings = rankings;
        this.regions = regions;
        this.actors = actors;
    }

    @Bean
    static NavigationEntry surveyNavigation() {
        return new NavigationEntry("nav.survey", "/survey", 700, Surveys.USERS);
    }

    private void roles(Model model, Actor actor) {
        model.addAttribute("mayAuthor", Surveys.mayAuthor(actor));
        model.addAttribute("mayReview", Surveys.mayReview(actor));
        model.addAttribute("mayFill", Surveys.mayFill(actor));
    }

    // ---- overview and coverage ----

    @GetMapping("/survey")
    String overview(Model model) {
        Actor actor = actors.require();
        roles(model, actor);
        List<SurveyStore.CampaignRow> campaigns = surveys.campaigns(actor);
        model.addAttribute("campaigns", campaigns);
        model.addAttribute("published", surveys.forms(actor).stream().filter(f -> f.publishedVersionId() != null).toList());
        return "survey/overview";
    }

    @GetMapping("/survey/campaigns/{id}")
    String campaign(@PathVariable long id, @RequestParam(required = false) Long township, Model model) {
        Actor actor = actors.require();
        roles(model, actor);
        model.addAttribute("campaign", surveys.campaign(actor, id));
        List<SurveyStore.Coverage> rows = surveys.coverage(actor, id, township);
        model.addAttribute("rows", rows);
        model.addAttribute("township", township == null ? null : regions.find(township).orElse(null));
        long total = 0;
        long visited = 0;
        long done = 0;
        for (SurveyStore.Coverage c : rows) {
            total += c.total();
            visited += c.visited();
            done += c.done();
        }
        model.addAttribute("sum", new SurveyStore.Coverage(0, "", total, visited, done, 0, 0, 0));
        model.addAttribute("mayTeam", Surveys.mayFormTeams(actor));
        model.addAttribute("teams", township == null ? Map.of() : surveys.teams(actor, id, township));
        return "survey/campaign";
    }

    /** Adds (op "add") or removes (op "remove") a surveyor of a village's team, then back to the township's villages. */
    @PostMapping("/survey/campaigns/{id}/villages/{villageId}/team/{op}")
    String team(@PathVariable long id, @PathVariable long villageId, @PathVariable String op,
                @RequestParam(defaultValue = "") String username, @RequestParam(required = false) Long township,
                RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            switch (op) {
                case "add" -> surveys.addTeamMember(actor, id, villageId, username);
                case "remove" -> surveys.removeTeamMember(actor, id, villageId, username);
                default -> throw new NotFoundException("survey_team_action", op);
            }
            redirect.addFlashAttribute("teamDone", "sv.team.done." + op);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("teamErrors", Map.of(villageId, e.byField()));
            redirect.addFlashAttribute("teamValues", Map.of(villageId, username));
        }
        return "redirect:/survey/campaigns/" + id + (township == null ? "" : "?township=" + township) + "#team-" + villageId;
    }

    @PostMapping("/survey/campaigns")
    String createCampaign(@RequestParam Map<String, String> form, RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            long id = surveys.createCampaign(actor, form.get("name"), parseLong(form.get("formVersionId")),
                    parseDate(form.get("startsOn")), parseDate(form.get("endsOn")), parseInt(form.get("householdsPerVillage")), null);
            return "redirect:/survey/campaigns/" + id;
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("campaignErrors", e.byField());
            redirect.addFlashAttribute("campaignValues", form);
            return "redirect:/survey";
        }
    }

    // ---- the phone form ----

    /** The form's service worker, served under /survey/ so that its scope covers the form page. */
    @GetMapping(value = "/survey/sw.js", produces = "text/javascript")
    @org.springframework.web.bind.annotation.ResponseBody
    org.springframework.core.io.Resource serviceWorker() {
        return new org.springframework.core.io.ClassPathResource("static/js/survey-sw.js");
    }

    @GetMapping("/survey/fill")
    String fill(@RequestParam(required = false) Long campaign, @RequestParam(required = false) Long village, Model model) {
        Actor actor = actors.require();
        Surveys.require(Surveys.mayFill(actor), "fill survey forms");
        List<SurveyStore.CampaignRow> campaigns = surveys.campaigns(actor);
        model.addAttribute("campaigns", campaigns);
        if (campaigns.isEmpty()) {
            return "survey/fill";
        }
        SurveyStore.CampaignRow c = campaign == null ? campaigns.get(0) : surveys.campaign(actor, campaign);
        List<Map<String, Object>> villages = surveys.campaignVillages(actor, c.id());
        model.addAttribute("campaign", c);
        model.addAttribute("villages", villages);
        Long v = village != null ? village : villages.isEmpty() ? null : ((Number) villages.get(0).get("id")).longValue();
        model.addAttribute("villageId", v);
        model.addAttribute("visits", v == null ? List.of() : surveys.visits(actor, c.id(), v));
        SurveyStore.VersionRow form = surveys.version(actor, c.formVersionId());
        model.addAttribute("form", form);
        // inside <script type="application/json">: no "</" may close the element early
        model.addAttribute("questionsJson", SurveyStore.JSON.writeValueAsString(form.questions()).replace("</", "<\\/"));
        return "survey/fill";
    }

    // ---- responses and review ----

    /**
     * Responses to review (surveyors: their own). Besides the status it narrows to a region's whole subtree ({@code region},
     * an id in the caller's scope), to response months ({@code from}/{@code to}) and to the responses an index is computed
     * from ({@code index}, an index code): the page the survey figures link to.
     */
    @GetMapping("/survey/responses")
    String responses(@RequestParam(defaultValue = "") String status, @RequestParam(defaultValue = "") String region,
                     @RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to,
                     @RequestParam(defaultValue = "") String index, @RequestParam(defaultValue = "0") int page, Model model) {
        Actor actor = actors.require();
        roles(model, actor);
        List<io.zhian.shared.FieldProblem> problems = new ArrayList<>();
        RegionMonthFilter range = range(actor, region, from, to, problems);
        SurveyIndices.IndexConfig ix = null;
        if (!index.isBlank()) {
            ix = indices.config().stream().filter(c -> c.code().equals(index.strip())).findFirst().orElse(null);
            if (ix == null) {
                problems.add(new io.zhian.shared.FieldProblem("index", "'" + index.strip() + "' is not one of "
                        + indices.config().stream().map(SurveyIndices.IndexConfig::code).toList()));
            }
        }
        Surveys.ResponsePage p;
        if (problems.isEmpty()) {
            p = surveys.responses(actor, status.isBlank() ? null : status, null, null, range.subtree(), range.from(), range.to(),
                    ix == null ? null : ix.questions(), page, PAGE);
        } else {
            model.addAttribute("errors", new InvalidInputException(problems).byField());
            range = RegionMonthFilter.NONE;
            ix = null;
            p = surveys.responses(actor, status.isBlank() ? null : status, null, null, page, PAGE);
        }
        model.addAttribute("items", p.items());
        model.addAttribute("total", p.total());
        model.addAttribute("page", p.page());
        model.addAttribute("pages", Math.max(1, (p.total() + PAGE - 1) / PAGE));
        model.addAttribute("status", status);
        model.addAttribute("names", regions.names(p.items().stream().map(SurveyStore.ResponseRow::villageId).distinct().toList()));
        show(range, model);
        model.addAttribute("index", ix == null ? "" : ix.code());
        model.addAttribute("indexName", ix == null ? null : ix.nameZh());
        return "survey/responses";
    }

    /**
     * The households drawn by the campaigns running in the months (their visit tasks), in a region's subtree: the records
     * the coverage figure is computed from (visited ones count as covered). {@code visited=true|false} narrows further.
     */
    @GetMapping("/survey/visits")
    String visits(@RequestParam(defaultValue = "") String region, @RequestParam(defaultValue = "") String from,
                  @RequestParam(defaultValue = "") String to, @RequestParam(defaultValue = "") String visited,
                  @RequestParam(defaultValue = "0") int page, Model model) {
        Actor actor = actors.require();
        roles(model, actor);
        Surveys.require(Surveys.mayReview(actor), "see visit coverage");
        List<io.zhian.shared.FieldProblem> problems = new ArrayList<>();
        RegionMonthFilter range = range(actor, region, from, to, problems);
        Boolean v = visited.isBlank() ? null : "true".equals(visited.strip()) ? Boolean.TRUE : "false".equals(visited.strip()) ? Boolean.FALSE : null;
        if (!visited.isBlank() && v == null) {
            problems.add(new io.zhian.shared.FieldProblem("visited", "must be true or false"));
        }
        if (!problems.isEmpty()) {
            model.addAttribute("errors", new InvalidInputException(problems).byField());
            range = RegionMonthFilter.NONE;
        }
        YearMonth now = YearMonth.now(Surveys.ZONE);
        YearMonth f = range.from() != null ? range.from() : range.to() != null ? range.to() : now;
        YearMonth t = range.to() != null ? range.to() : range.from() != null ? range.from() : now;
        Surveys.DrawnVisitPage p = surveys.drawnVisits(actor, range.subtree(), f, t, problems.isEmpty() ? v : null, page, PAGE);
        model.addAttribute("items", p.items());
        model.addAttribute("total", p.total());
        model.addAttribute("page", p.page());
        model.addAttribute("pages", Math.max(1, (p.total() + PAGE - 1) / PAGE));
        model.addAttribute("names", regions.names(p.items().stream().flatMap(d -> java.util.stream.Stream.of(d.visit().villageId(),
                d.visit().townshipId())).distinct().toList()));
        show(range, model);
        model.addAttribute("period", range.period() == null ? RegionMonthFilter.period(f, t) : range.period());
        model.addAttribute("from", f.toString());
        model.addAttribute("to", t.toString());
        model.addAttribute("visited", v == null ? "" : v.toString());
        return "survey/visits";
    }

    /** Puts a records list's region and months on the page: the filter fields and the chip. */
    private static void show(RegionMonthFilter range, Model model) {
        model.addAttribute("region", range.region() == null ? "" : String.valueOf(range.region().id()));
        model.addAttribute("regionName", range.region() == null ? null : range.region().name());
        model.addAttribute("from", range.from() == null ? "" : range.from().toString());
        model.addAttribute("to", range.to() == null ? "" : range.to().toString());
        model.addAttribute("period", range.period());
    }

    /** Reads region/from/to; bad values become field problems, a region outside the scope answers "not found". */
    private RegionMonthFilter range(Actor actor, String region, String from, String to, List<io.zhian.shared.FieldProblem> problems) {
        return RegionMonthFilter.parse(actor.scope(), regions, region, from, to, RegionMonthFilter.Wording.PATTERN, problems);
    }

    @GetMapping("/survey/responses/{id}")
    String response(@PathVariable long id, Model model) {
        Actor actor = actors.require();
        roles(model, actor);
        SurveyStore.ResponseRow r = surveys.response(actor, id);
        model.addAttribute("r", r);
        model.addAttribute("rows", answerRows(surveys.formOf(r).questions(), r.answers()));
        model.addAttribute("villageName", regions.find(r.villageId()).map(Region::name).orElse(""));
        model.addAttribute("mayCorrect", "RETURNED".equals(r.status()) && r.surveyorId() != null && r.surveyorId() == actor.userId());
        return "survey/response";
    }

    record AnswerRow(String label, String answer) {}

    static List<AnswerRow> answerRows(List<Question> questions, Map<String, Object> answers) {
        List<AnswerRow> rows = new ArrayList<>();
        for (Question q : questions) {
            Object a = answers.get(q.name());
            if (a == null) {
                continue;
            }
            String text = a instanceof List<?> l ? String.join("、", l.stream().map(x -> q.choiceLabel(String.valueOf(x))).toList())
                    : q.type().hasChoices() ? q.choiceLabel(String.valueOf(a)) : String.valueOf(a);
            rows.add(new AnswerRow(q.label(), text));
        }
        return rows;
    }

    @PostMapping("/survey/responses/{id}/review")
    String review(@PathVariable long id, @RequestParam String action, @RequestParam(defaultValue = "") String note,
                  @RequestParam(required = false) Integer version, RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            surveys.review(actor, id, action, note, version);
            redirect.addFlashAttribute("done", "sv.review.done." + action);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("reviewErrors", e.byField());
        } catch (ConflictException e) {
            redirect.addFlashAttribute("conflict", e.getMessage());
        }
        return "redirect:/survey/responses/" + id;
    }

    // ---- correcting a returned response ----

    /** The surveyor's responses returned by an officer, each with the officer's note. */
    @GetMapping("/survey/mine")
    String mine(Model model) {
        Actor actor = actors.require();
        roles(model, actor);
        List<SurveyStore.ResponseRow> items = surveys.returnedTo(actor);
        model.addAttribute("items", items);
        model.addAttribute("names", regions.names(items.stream().map(SurveyStore.ResponseRow::villageId).distinct().toList()));
        return "survey/mine";
    }

    /** One question of the correction form with the answer to show in it and the reason it was refused, if it was. */
    record CorrectionField(Question q, List<String> values, String error) {
        public String first() {
            return values.isEmpty() ? "" : values.get(0);
        }

        public boolean has(String choice) {
            return values.contains(choice);
        }
    }

    /** The phone form again, filled in with the stored answers. */
    @GetMapping("/survey/responses/{id}/correct")
    String correct(@PathVariable long id, Model model) {
        Actor actor = actors.require();
        SurveyStore.ResponseRow r = surveys.ownResponse(actor, id);
        if (!"RETURNED".equals(r.status())) {
            return "redirect:/survey/responses/" + id;
        }
        return correctionPage(actor, r, r.answers(), Map.of(), model);
    }

    @PostMapping("/survey/responses/{id}/correct")
    String resubmit(@PathVariable long id, @RequestParam org.springframework.util.MultiValueMap<String, String> form, Model model,
                    RedirectAttributes redirect) {
        Actor actor = actors.require();
        SurveyStore.ResponseRow r = surveys.ownResponse(actor, id);
        Map<String, Object> answers = new java.util.LinkedHashMap<>();
        for (Question q : surveys.formOf(r).questions()) {
            List<String> given = form.getOrDefault(q.name(), List.of()).stream().filter(v -> v != null && !v.isBlank()).toList();
            if (!given.isEmpty()) {
                answers.put(q.name(), q.type() == QuestionType.MULTIPLE ? given : given.get(0));
            }
        }
        try {
            surveys.resubmit(actor, id, answers, parseInt(form.getFirst("version")));
            redirect.addFlashAttribute("done", String.valueOf(id));
            return "redirect:/survey/mine";
        } catch (InvalidInputException e) {
            return correctionPage(actor, r, answers, e.byField(), model);
        } catch (ConflictException e) {
            redirect.addFlashAttribute("conflict", e.getMessage());
            return "redirect:/survey/mine";
        }
    }

    private String correctionPage(Actor actor, SurveyStore.ResponseRow r, Map<String, Object> answers, Map<String, String> errors,
                                  Model model) {
        roles(model, actor);
        List<CorrectionField> fields = new ArrayList<>();
        for (Question q : surveys.formOf(r).questions()) {
            Object a = answers.get(q.name());
            List<String> values = a == null ? List.of() : a instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                    : List.of(String.valueOf(a));
            fields.add(new CorrectionField(q, values, errors.get("answers." + q.name())));
        }
        model.addAttribute("r", r);
        model.addAttribute("fields", fields);
        model.addAttribute("form", surveys.formOf(r));
        model.addAttribute("villageName", regions.find(r.villageId()).map(Region::name).orElse(""));
        return "survey/correct";
    }

    // ---- forms ----

    @GetMapping("/survey/forms")
    String forms(Model model) {
        Actor actor = actors.require();
        roles(model, actor);
        model.addAttribute("forms", surveys.forms(actor));
        return "survey/forms";
    }

    @PostMapping("/survey/forms")
    String createForm(@RequestParam(defaultValue = "") String code, @RequestParam(defaultValue = "") String title,
                      RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            return "redirect:/survey/forms/versions/" + surveys.createForm(actor, code, title);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("formErrors", e.byField());
            redirect.addFlashAttribute("formValues", Map.of("code", code, "title", title));
            return "redirect:/survey/forms";
        }
    }

    @PostMapping("/survey/forms/import")
    String importForm(@RequestParam(defaultValue = "") String code, @RequestParam(defaultValue = "") String title,
                      @RequestParam(required = false) MultipartFile file, RedirectAttributes redirect) throws IOException {
        Actor actor = actors.require();
        try {
            if (file == null || file.isEmpty()) {
                throw new InvalidInputException("file", "choose an .xlsx file");
            }
            return "redirect:/survey/forms/versions/" + surveys.importXlsForm(actor, code, title, file.getInputStream());
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("importProblems", e.problems());
            redirect.addFlashAttribute("formValues", Map.of("code", code, "title", title));
            return "redirect:/survey/forms";
        }
    }

    @PostMapping("/survey/forms/{formId}/draft")
    String draft(@PathVariable long formId) {
        return "redirect:/survey/forms/versions/" + surveys.draft(actors.require(), formId);
    }

    @GetMapping("/survey/forms/versions/{id}")
    String version(@PathVariable long id, Model model) {
        Actor actor = actors.require();
        roles(model, actor);
        SurveyStore.VersionRow v = surveys.version(actor, id);
        model.addAttribute("v", v);
        model.addAttribute("versions", surveys.versions(actor, v.formId()));
        model.addAttribute("types", QuestionType.values());
        if (!model.containsAttribute("values")) {
            model.addAttribute("values", Map.of());
        }
        return "survey/version";
    }

    @PostMapping("/survey/forms/versions/{id}/questions")
    String addQuestion(@PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            List<Question.Choice> choices = new ArrayList<>();
            String lines = form.getOrDefault("choices", "");
            int n = 0;
            for (String line : lines.split("\\R")) {
                if (line.isBlank()) {
                    continue;
                }
                n++;
                String[] parts = line.split("\\|", 2);
                choices.add(parts.length == 2 ? new Question.Choice(parts[0].strip(), parts[1].strip())
                        : new Question.Choice(String.valueOf(n), line.strip()));
            }
            QuestionType type = null;
            try {
                type = QuestionType.valueOf(form.getOrDefault("type", ""));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("type", "is required");
            }
            surveys.addQuestion(actor, id, new Question(form.getOrDefault("name", "").strip(), type, form.getOrDefault("label", "").strip(),
                    "on".equals(form.get("required")), form.get("relevant"), choices), parseInt(form.get("edits")) == null ? -1
                    : parseInt(form.get("edits")));
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("errors", e.byField());
            redirect.addFlashAttribute("values", form);
        } catch (ConflictException e) {
            redirect.addFlashAttribute("conflict", e.getMessage());
        }
        return "redirect:/survey/forms/versions/" + id;
    }

    @PostMapping("/survey/forms/versions/{id}/questions/{index}/{op}")
    String changeQuestion(@PathVariable long id, @PathVariable int index, @PathVariable String op, @RequestParam int edits,
                          RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            switch (op) {
                case "up" -> surveys.moveQuestion(actor, id, index, true, edits);
                case "down" -> surveys.moveQuestion(actor, id, index, false, edits);
                case "remove" -> surveys.removeQuestion(actor, id, index, edits);
                default -> throw new NotFoundException("survey_question_action", op);
            }
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("conflict", e.problems().get(0).reason());
        } catch (ConflictException e) {
            redirect.addFlashAttribute("conflict", e.getMessage());
        }
        return "redirect:/survey/forms/versions/" + id;
    }

    @PostMapping("/survey/forms/versions/{id}/publish")
    String publish(@PathVariable long id, RedirectAttributes redirect) {
        Actor actor = actors.require();
        try {
            surveys.publish(actor, id);
            redirect.addFlashAttribute("published", true);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("publishProblems", e.problems());
        } catch (ConflictException e) {
            redirect.addFlashAttribute("conflict", e.getMessage());
        }
        return "redirect:/survey/forms/versions/" + id;
    }

    // ---- indices ----

    @GetMapping("/survey/indices")
    String indices(@RequestParam(defaultValue = "township") String dimension, @RequestParam(required = false) String from,
                   @RequestParam(required = false) String to, @RequestParam(required = false) Long township, Model model) {
        Actor actor = actors.require();
        roles(model, actor);
        YearMonth[] range = SurveyApi.range(from, to);
        String dim = SurveyIndices.DIMENSIONS.contains(dimension) ? dimension : "township";
        model.addAttribute("table", indices.table(actor, dim, range[0], range[1], township, null));
        model.addAttribute("dimension", dim);
        model.addAttribute("dimensions", SurveyIndices.DIMENSIONS);
        model.addAttribute("from", range[0].toString());
        model.addAttribute("to", range[1].toString());
        model.addAttribute("township", township);
        model.addAttribute("townships", regions.byLevel(RegionLevel.TOWNSHIP).stream()
                .filter(t -> actor.scope().coversRegion(t.id())).toList());
        model.addAttribute("smallSample", SurveyIndices.SMALL_SAMPLE);
        return "survey/indices";
    }

    @GetMapping("/survey/indices/config")
    String config(Model model) {
        Actor actor = actors.require();
        roles(model, actor);
        Surveys.require(Surveys.mayAuthor(actor), "configure indices");
        model.addAttribute("config", indices.config());
        return "survey/config";
    }

    @PostMapping("/survey/indices/config/{code}")
    String configure(@PathVariable String code, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        Actor actor = actors.require();
        boolean[] counted = new boolean[5];
        double[] weights = new double[5];
        try {
            for (int l = 1; l <= 5; l++) {
                counted[l - 1] = "on".equals(form.get("counted" + l));
                try {
                    weights[l - 1] = Double.parseDouble(form.getOrDefault("weight" + l, "").strip());
                } catch (NumberFormatException e) {
                    throw new InvalidInputException("weight" + l, "must be a number");
                }
            }
            indices.configure(actor, code, counted, weights);
            redirect.addFlashAttribute("saved", code);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("configErrors", Map.of(code, e.getMessage()));
        }
        return "redirect:/survey/indices/config";
    }

    // ---- rankings ----

    /**
     * Rankings against targets ({@link io.zhian.survey.SurveyRankings#PAGE}); {@code level} (a ranking level code such as
     * PREFECTURE) narrows the list to one level, the link the wall screen's ranking panel uses.
     */
    @GetMapping("/survey/rankings")
    String rankings(@RequestParam(defaultValue = "") String level, Model model) {
        Actor actor = actors.require();
        roles(model, actor);
        List<Rankings.Target> targets = rankings.targets();
        List<Rankings.Position> positions = rankings.positions(actor);
        String l = level.strip().toUpperCase(java.util.Locale.ROOT);
        if (!l.isEmpty()) {
            if (targets.stream().anyMatch(t -> t.level().equals(l))) {
                positions = positions.stream().filter(p -> p.level().equals(l)).toList();
                model.addAttribute("levelName", targets.stream().filter(t -> t.level().equals(l)).findFirst().get().nameZh());
            } else {
                model.addAttribute("errors", Map.of("level", "'" + level.strip() + "' is not one of "
                        + targets.stream().map(Rankings.Target::level).toList()));
            }
        }
        model.addAttribute("targets", targets);
        model.addAttribute("positions", positions);
        return "survey/rankings";
    }

    @PostMapping("/survey/rankings/import")
    String importRankings(@RequestParam(required = false) MultipartFile file, Model model) throws IOException {
        Actor actor = actors.require();
        roles(model, actor);
        if (file == null || file.isEmpty()) {
            model.addAttribute("importError", "file");
        } else {
            try {
                ImportReport report = rankings.importCsv(actor, new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8));
                model.addAttribute("report", report);
            } catch (InvalidInputException e) {
                model.addAttribute("importError", e.getMessage());
            }
        }
        model.addAttribute("targets", rankings.targets());
        model.addAttribute("positions", rankings.positions(actor));
        return "survey/rankings";
    }

    @PostMapping("/survey/rankings/targets")
    String target(@RequestParam String level, @RequestParam(defaultValue = "") String targetRank, RedirectAttributes redirect) {
        try {
            rankings.setTarget(actors.require(), level, parseInt(targetRank));
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("targetError", e.getMessage());
        }
        return "redirect:/survey/rankings";
    }

    private static Long parseLong(String v) {
        try {
            return v == null || v.isBlank() ? null : Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer parseInt(String v) {
        try {
            return v == null || v.isBlank() ? null : Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static java.time.LocalDate parseDate(String v) {
        try {
            return v == null || v.isBlank() ? null : java.time.LocalDate.parse(v.strip());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
