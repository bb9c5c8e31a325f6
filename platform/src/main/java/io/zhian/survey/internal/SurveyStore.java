package io.zhian.survey.internal;

import io.zhian.shared.DataScope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The survey tables. List queries take a {@link DataScope} and bind its parameters. */
@Repository
class SurveyStore {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<Question>> QUESTIONS = new TypeReference<>() {};
    private static final TypeReference<Map<String, Object>> ANSWERS = new TypeReference<>() {};

    record FormRow(long id, String code, String title, Integer publishedVersion, Long publishedVersionId, Long draftVersionId,
                   int versions) {}

    record VersionRow(long id, long formId, String formCode, String formTitle, int version, String status,
                      List<Question> questions, Instant publishedAt, int edits) {
        public boolean published() {
            return "PUBLISHED".equals(status);
        }
    }

    record CampaignRow(long id, String name, long formVersionId, String formTitle, int formVersion, LocalDate startsOn,
                       LocalDate endsOn, int householdsPerVillage, String samplingRule, long villages) {}

    record VisitRow(long id, long campaignId, long villageId, long townshipId, String householdRef, String outcome,
                    Instant visitedAt) {}

    record ResponseRow(long id, UUID clientUuid, long campaignId, long formVersionId, long villageId, long townshipId,
                       LocalDate month, Long surveyorId, String status, Map<String, Object> answers, LocalDate collectedOn,
                       LocalDate receivedOn, String reviewNote, LocalDate reviewedOn, int version) {}

    /** Coverage of one group (a township or a village): households drawn, visited (any outcome), done. */
    record Coverage(long regionId, String regionName, long total, long visited, long done, long absent, long refused,
                    long responses) {
        @com.fasterxml.jackson.annotation.JsonProperty
        public double visitedRate() {
            return total == 0 ? 0 : 100.0 * visited / total;
        }

        @com.fasterxml.jackson.annotation.JsonProperty
        public double doneRate() {
            return total == 0 ? 0 : 100.0 * done / total;
        }
    }

    private final JdbcClient jdbc;

    SurveyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- forms and versions ----

    List<FormRow> forms() {
        return jdbc.sql("""
                SELECT f.id, f.code, f.title,
                  (SELECT max(v.version) FROM survey_form_version v WHERE v.form_id = f.id AND v.status = 'PUBLISHED') AS published_version,
                  (SELECT v.id FROM survey_form_version v WHERE v.form_id = f.id AND v.status = 'PUBLISHED' ORDER BY v.version DESC LIMIT 1) AS published_id,
                  (SELECT v.id FROM survey_form_version v WHERE v.form_id = f.id AND v.status = 'DRAFT') AS draft_id,
                  (SELECT count(*) FROM survey_form_version v WHERE v.form_id = f.id) AS versions
                FROM survey_form f ORDER BY f.code""")
                .query((rs, n) -> new FormRow(rs.getLong("id"), rs.getString("code"), rs.getString("title"),
                        rs.getObject("published_version", Integer.class), rs.getObject("published_id", Long.class),
                        rs.getObject("draft_id", Long.class), rs.getInt("versions"))).list();
    }

    Optional<Long> formIdByCode(String code) {
        return jdbc.sql("SELECT id FROM survey_form WHERE code = :code").param("code", code).query(Long.class).optional();
    }

    long insertForm(String code, String title, Long by) {
        return jdbc.sql("INSERT INTO survey_form (code, title, created_by) VALUES (:code, :title, :by) RETURNING id")
                .param("code", code).param("title", title).param("by", by).query(Long.class).single();
    }

    void renameForm(long formId, String title) {
        jdbc.sql("UPDATE survey_form SET title = :title WHERE id = :id").param("title", title).param("id", formId).update();
    }

    long insertDraft(long formId, List<Question> questions, Long by) {
        return jdbc.sql("""
                        INSERT INTO survey_form_version (form_id, version, status, questions, created_by)
                        VALUES (:form, (SELECT coalesce(max(version), 0) + 1 FROM survey_form_version WHERE form_id = :form), 'DRAFT',
                          CAST(:questions AS JSONB), :by) RETURNING id""")
                .param("form", formId).param("questions", JSON.writeValueAsString(questions)).param("by", by)
                .query(Long.class).single();
    }

    Optional<VersionRow> version(long id) {
        return jdbc.sql("""
                        SELECT v.*, f.code, f.title FROM survey_form_version v JOIN survey_form f ON f.id = v.form_id WHERE v.id = :id""")
                .param("id", id).query(SurveyStore::mapVersion).optional();
    }

    List<VersionRow> versions(long formId) {
        return jdbc.sql("""
                        SELECT v.*, f.code, f.title FROM survey_form_version v JOIN survey_form f ON f.id = v.form_id
                        WHERE v.form_id = :form ORDER BY v.version DESC""")
                .param("form", formId).query(SurveyStore::mapVersion).list();
    }

    Optional<Long> draftOf(long formId) {
        return jdbc.sql("SELECT id FROM survey_form_version WHERE form_id = :form AND status = 'DRAFT'").param("form", formId)
                .query(Long.class).optional();
    }

    /** Replaces a draft's questions if nobody changed it meanwhile; the trigger refuses published rows. */
    int updateDraft(long id, List<Question> questions, int expectedEdits) {
        return jdbc.sql("""
                        UPDATE survey_form_version SET questions = CAST(:questions AS JSONB), edits = edits + 1
                        WHERE id = :id AND status = 'DRAFT' AND edits = :edits""")
                .param("questions", JSON.writeValueAsString(questions)).param("id", id).param("edits", expectedEdits).update();
    }

    int publish(long id) {
        return jdbc.sql("UPDATE survey_form_version SET status = 'PUBLISHED', published_at = now() WHERE id = :id AND status = 'DRAFT'")
                .param("id", id).update();
    }

    private static VersionRow mapVersion(ResultSet rs, int n) throws SQLException {
        Timestamp published = rs.getTimestamp("published_at");
        return new VersionRow(rs.getLong("id"), rs.getLong("form_id"), rs.getString("code"), rs.getString("title"),
                rs.getInt("version"), rs.getString("status"), JSON.readValue(rs.getString("questions"), QUESTIONS),
                published == null ? null : published.toInstant(), rs.getInt("edits"));
    }

    // ---- campaigns, teams and visits ----

    long insertCampaign(String name, long formVersionId, LocalDate from, LocalDate to, int perVillage, String rule, Long by) {
        return jdbc.sql("""
                        INSERT INTO survey_campaign (name, form_version_id, starts_on, ends_on, households_per_village, sampling_rule, created_by)
                        VALUES (:name, :version, :from, :to, :per, :rule, :by) RETURNING id""")
                .param("name", name).param("version", formVersionId).param("from", from).param("to", to).param("per", perVillage)
                .param("rule", rule).param("by", by).query(Long.class).single();
    }

    /** Adds the villages (with their townships) and draws each village's households by the rule. */
    int addVillages(long campaignId, long[] villageIds, int perVillage, int perGroup) {
        String ids = io.zhian.shared.SqlArrays.bigints(villageIds);
        int n = addCampaignVillages(campaignId, villageIds);
        // 村名-组-户号: a synthetic household reference until the community module's house register exists
        jdbc.sql("""
                        INSERT INTO survey_visit (campaign_id, village_id, township_id, household_ref)
                        SELECT cv.campaign_id, cv.village_id, cv.township_id,
                          r.name || '-' || ((k - 1) / :per_group + 1) || '组-' || lpad(k::text, 3, '0')
                        FROM survey_campaign_village cv JOIN region r ON r.id = cv.village_id
                        CROSS JOIN generate_series(1, :per) AS k
                        WHERE cv.campaign_id = :campaign AND cv.village_id = ANY(CAST(:ids AS BIGINT[]))""")
                .param("campaign", campaignId).param("ids", ids).param("per", perVillage).param("per_group", perGroup).update();
        return n;
    }

    /** The villages only (with their townships); households are drawn separately. */
    int addCampaignVillages(long campaignId, long[] villageIds) {
        return jdbc.sql("""
                        INSERT INTO survey_campaign_village (campaign_id, village_id, township_id)
                        SELECT :campaign, v.id, v.parent_id FROM region v WHERE v.id = ANY(CAST(:ids AS BIGINT[])) AND v.level = 'VILLAGE'""")
                .param("campaign", campaignId).param("ids", io.zhian.shared.SqlArrays.bigints(villageIds)).update();
    }

    void addTeamMember(long campaignId, long villageId, long userId) {
        jdbc.sql("INSERT INTO survey_team_member (campaign_id, village_id, user_id) VALUES (:c, :v, :u) ON CONFLICT DO NOTHING")
                .param("c", campaignId).param("v", villageId).param("u", userId).update();
    }

    int removeTeamMember(long campaignId, long villageId, long userId) {
        return jdbc.sql("DELETE FROM survey_team_member WHERE campaign_id = :c AND village_id = :v AND user_id = :u")
                .param("c", campaignId).param("v", villageId).param("u", userId).update();
    }

    /** Team members of the campaign's villages of one township, inside the scope: village id and user id. */
    List<long[]> teamMembers(long campaignId, long townshipId, DataScope scope) {
        return jdbc.sql("""
                        SELECT m.village_id, m.user_id FROM survey_team_member m
                        JOIN survey_campaign_village cv ON cv.campaign_id = m.campaign_id AND cv.village_id = m.village_id
                        WHERE m.campaign_id = :c AND cv.township_id = :t AND """ + scope.where("m.village_id", null, null) + """
                         ORDER BY m.village_id, m.user_id""")
                .params(scope.params()).param("c", campaignId).param("t", townshipId)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
    }

    List<CampaignRow> campaigns() {
        return jdbc.sql(CAMPAIGN_SELECT + " GROUP BY c.id, f.title, v.version ORDER BY c.starts_on DESC, c.id DESC")
                .query(SurveyStore::mapCampaign).list();
    }

    Optional<CampaignRow> campaign(long id) {
        return jdbc.sql(CAMPAIGN_SELECT + " WHERE c.id = :id GROUP BY c.id, f.title, v.version").param("id", id)
                .query(SurveyStore::mapCampaign).optional();
    }

    private static final String CAMPAIGN_SELECT = """
            SELECT c.*, f.title AS form_title, v.version AS form_version, count(cv.village_id) AS villages
            FROM survey_campaign c JOIN survey_form_version v ON v.id = c.form_version_id JOIN survey_form f ON f.id = v.form_id
            LEFT JOIN survey_campaign_village cv ON cv.campaign_id = c.id""";

    private static CampaignRow mapCampaign(ResultSet rs, int n) throws SQLException {
        return new CampaignRow(rs.getLong("id"), rs.getString("name"), rs.getLong("form_version_id"), rs.getString("form_title"),
                rs.getInt("form_version"), rs.getObject("starts_on", LocalDate.class), rs.getObject("ends_on", LocalDate.class),
                rs.getInt("households_per_village"), rs.getString("sampling_rule"), rs.getLong("villages"));
    }

    /** Villages of a campaign inside the scope, team villages of the user first. */
    List<Map<String, Object>> campaignVillages(long campaignId, DataScope scope, long userId) {
        return jdbc.sql("""
                        SELECT cv.village_id AS id, r.name, t.name AS township, r.code,
                          EXISTS (SELECT 1 FROM survey_team_member m WHERE m.campaign_id = cv.campaign_id AND m.village_id = cv.village_id
                            AND m.user_id = :user) AS team
                        FROM survey_campaign_village cv JOIN region r ON r.id = cv.village_id JOIN region t ON t.id = cv.township_id
                        WHERE cv.campaign_id = :campaign AND """ + scope.where("cv.village_id", null, null) + """
                         ORDER BY team DESC, r.code""")
                .params(scope.params()).param("campaign", campaignId).param("user", userId).query().listOfRows();
    }

    Optional<Long> townshipOfCampaignVillage(long campaignId, long villageId) {
        return jdbc.sql("SELECT township_id FROM survey_campaign_village WHERE campaign_id = :c AND village_id = :v")
                .param("c", campaignId).param("v", villageId).query(Long.class).optional();
    }

    List<VisitRow> visits(long campaignId, long villageId) {
        return jdbc.sql("SELECT * FROM survey_visit WHERE campaign_id = :c AND village_id = :v ORDER BY id")
                .param("c", campaignId).param("v", villageId).query(SurveyStore::mapVisit).list();
    }

    /** A visit task with its campaign's name, for the list behind the coverage figure. */
    record DrawnVisit(VisitRow visit, String campaignName) {}

    private static final String DRAWN = """
             FROM survey_visit v JOIN survey_campaign c ON c.id = v.campaign_id
             WHERE c.starts_on <= :to AND c.ends_on >= :from
               AND (CAST(:villages AS BIGINT[]) IS NULL OR v.village_id = ANY(CAST(:villages AS BIGINT[])))
               AND (CAST(:visited AS BOOLEAN) IS NULL OR (v.outcome IS NOT NULL) = :visited) AND """;

    /**
     * The households drawn by campaigns running between {@code from} and {@code to} (their visit tasks) in the villages
     * (null = any) and the scope; {@code visited} narrows to tasks with (true) or without (false) an outcome.
     */
    List<DrawnVisit> drawnVisits(DataScope scope, long[] villageIds, LocalDate from, LocalDate to, Boolean visited, int offset,
                                 int limit) {
        return jdbc.sql("SELECT v.*, c.name AS campaign_name " + DRAWN + scope.where("v.village_id", null, null)
                        + " ORDER BY c.starts_on DESC, v.township_id, v.village_id, v.id OFFSET :offset LIMIT :limit")
                .params(scope.params()).params(drawnParams(villageIds, from, to, visited)).param("offset", offset).param("limit", limit)
                .query((rs, n) -> new DrawnVisit(mapVisit(rs, n), rs.getString("campaign_name"))).list();
    }

    long countDrawnVisits(DataScope scope, long[] villageIds, LocalDate from, LocalDate to, Boolean visited) {
        return jdbc.sql("SELECT count(*) " + DRAWN + scope.where("v.village_id", null, null))
                .params(scope.params()).params(drawnParams(villageIds, from, to, visited)).query(Long.class).single();
    }

    private static Map<String, Object> drawnParams(long[] villageIds, LocalDate from, LocalDate to, Boolean visited) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("villages", villageIds == null ? null : io.zhian.shared.SqlArrays.bigints(villageIds));
        p.put("from", from);
        p.put("to", to);
        p.put("visited", visited);
        return p;
    }

    Optional<VisitRow> visit(long id) {
        return jdbc.sql("SELECT * FROM survey_visit WHERE id = :id").param("id", id).query(SurveyStore::mapVisit).optional();
    }

    void setOutcome(long id, String outcome, Instant at, long by) {
        jdbc.sql("UPDATE survey_visit SET outcome = :o, visited_at = :at, visited_by = :by WHERE id = :id")
                .param("o", outcome).param("at", Timestamp.from(at)).param("by", by).param("id", id).update();
    }

    private static VisitRow mapVisit(ResultSet rs, int n) throws SQLException {
        Timestamp at = rs.getTimestamp("visited_at");
        return new VisitRow(rs.getLong("id"), rs.getLong("campaign_id"), rs.getLong("village_id"), rs.getLong("township_id"),
                rs.getString("household_ref"), rs.getString("outcome"), at == null ? null : at.toInstant());
    }

    /** Coverage per township (townshipId null) or per village of one township, inside the scope. */
    List<Coverage> coverage(long campaignId, DataScope scope, Long townshipId) {
        String group = townshipId == null ? "township_id" : "village_id";
        return jdbc.sql("""
                        SELECT g.id, r.name, g.total, g.visited, g.done, g.absent, g.refused,
                          (SELECT count(*) FROM survey_response s WHERE s.campaign_id = :campaign AND s.%1$s = g.id) AS responses
                        FROM (SELECT %1$s AS id, count(*) AS total, count(outcome) AS visited,
                                count(*) FILTER (WHERE outcome = 'DONE') AS done, count(*) FILTER (WHERE outcome = 'ABSENT') AS absent,
                                count(*) FILTER (WHERE outcome = 'REFUSED') AS refused
                              FROM survey_visit v WHERE campaign_id = :campaign AND (CAST(:township AS BIGINT) IS NULL OR township_id = :township)
                                AND %2$s
                              GROUP BY %1$s) g JOIN region r ON r.id = g.id ORDER BY r.code""".formatted(group,
                        scope.where("v.village_id", null, null)))
                .params(scope.params()).param("campaign", campaignId).param("township", townshipId)
                .query((rs, n) -> new Coverage(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8))).list();
    }

    // ---- responses ----

    /** Inserts unless a response with this client UUID exists; returns the new id or empty. */
    Optional<Long> insertResponse(UUID uuid, long campaignId, long formVersionId, long villageId, long townshipId, LocalDate month,
                                  long surveyorId, Map<String, Object> answers, LocalDate collectedOn) {
        return jdbc.sql("""
                        INSERT INTO survey_response (client_uuid, campaign_id, form_version_id, village_id, township_id, month,
                          surveyor_id, status, answers, collected_on)
                        VALUES (:uuid, :campaign, :version, :village, :township, :month, :surveyor, 'SUBMITTED', CAST(:answers AS JSONB), :at)
                        ON CONFLICT (client_uuid) DO NOTHING RETURNING id""")
                .param("uuid", uuid).param("campaign", campaignId).param("version", formVersionId).param("village", villageId)
                .param("township", townshipId).param("month", month).param("surveyor", surveyorId)
                .param("answers", JSON.writeValueAsString(answers)).param("at", collectedOn)
                .query(Long.class).optional();
    }

    void putScaleAnswers(long responseId, Map<String, Integer> levels) {
        jdbc.sql("DELETE FROM survey_scale_answer WHERE response_id = :id").param("id", responseId).update();
        for (Map.Entry<String, Integer> e : levels.entrySet()) {
            jdbc.sql("INSERT INTO survey_scale_answer (response_id, question, level) VALUES (:id, :q, :l)")
                    .param("id", responseId).param("q", e.getKey()).param("l", e.getValue()).update();
        }
    }

    Optional<ResponseRow> responseByUuid(UUID uuid) {
        return jdbc.sql("SELECT * FROM survey_response WHERE client_uuid = :uuid").param("uuid", uuid)
                .query(SurveyStore::mapResponse).optional();
    }

    Optional<ResponseRow> response(long id) {
        return jdbc.sql("SELECT * FROM survey_response WHERE id = :id").param("id", id).query(SurveyStore::mapResponse).optional();
    }

    /**
     * Response list filters; null means "any". {@code villageIds} is a region subtree (already expanded); {@code monthFrom}..
     * {@code monthTo} bound the response month; {@code indexQuestions} keeps the responses an index is computed from: not
     * returned, with a valid (level 1–5) answer to one of its questions.
     */
    record ResponseFilter(String status, Long campaignId, Long townshipId, Long onlySurveyor, long[] villageIds, LocalDate monthFrom,
                          LocalDate monthTo, List<String> indexQuestions) {
        ResponseFilter(String status, Long campaignId, Long townshipId, Long onlySurveyor) {
            this(status, campaignId, townshipId, onlySurveyor, null, null, null, null);
        }
    }

    private static final String RESPONSE_FILTER = """
             AND (CAST(:status AS VARCHAR) IS NULL OR r.status = :status)
             AND (CAST(:campaign AS BIGINT) IS NULL OR r.campaign_id = :campaign)
             AND (CAST(:township AS BIGINT) IS NULL OR r.township_id = :township)
             AND (CAST(:surveyor AS BIGINT) IS NULL OR r.surveyor_id = :surveyor)
             AND (CAST(:villages AS BIGINT[]) IS NULL OR r.village_id = ANY(CAST(:villages AS BIGINT[])))
             AND (CAST(:month_from AS DATE) IS NULL OR r.month >= CAST(:month_from AS DATE))
             AND (CAST(:month_to AS DATE) IS NULL OR r.month <= CAST(:month_to AS DATE))
             AND (CAST(:questions AS TEXT[]) IS NULL OR (r.status <> 'RETURNED' AND EXISTS (SELECT 1 FROM survey_scale_answer a
                  WHERE a.response_id = r.id AND a.level BETWEEN 1 AND 5 AND a.question = ANY(CAST(:questions AS TEXT[])))))""";

    List<ResponseRow> responses(DataScope scope, ResponseFilter f, int offset, int limit) {
        return jdbc.sql("SELECT r.* FROM survey_response r WHERE " + scope.where("r.village_id", null, "r.surveyor_id")
                        + RESPONSE_FILTER + " ORDER BY r.received_on DESC, r.id DESC OFFSET :offset LIMIT :limit")
                .params(scope.params()).params(filterParams(f)).param("offset", offset).param("limit", limit)
                .query(SurveyStore::mapResponse).list();
    }

    long countResponses(DataScope scope, ResponseFilter f) {
        return jdbc.sql("SELECT count(*) FROM survey_response r WHERE " + scope.where("r.village_id", null, "r.surveyor_id")
                        + RESPONSE_FILTER)
                .params(scope.params()).params(filterParams(f)).query(Long.class).single();
    }

    private static Map<String, Object> filterParams(ResponseFilter f) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("status", f.status());
        p.put("campaign", f.campaignId());
        p.put("township", f.townshipId());
        p.put("surveyor", f.onlySurveyor());
        p.put("villages", f.villageIds() == null ? null : io.zhian.shared.SqlArrays.bigints(f.villageIds()));
        p.put("month_from", f.monthFrom());
        p.put("month_to", f.monthTo());
        p.put("questions", f.indexQuestions() == null ? null : io.zhian.shared.SqlArrays.texts(f.indexQuestions()));
        return p;
    }

    int review(long id, String status, String note, long by, int expectedVersion) {
        return jdbc.sql("""
                        UPDATE survey_response SET status = :status, review_note = :note, reviewed_by = :by,
                          reviewed_on = (now() AT TIME ZONE 'Asia/Shanghai')::date,
                          version = version + 1 WHERE id = :id AND version = :version""")
                .param("status", status).param("note", note).param("by", by).param("id", id).param("version", expectedVersion)
                .update();
    }

    int resubmit(long id, Map<String, Object> answers, int expectedVersion) {
        return jdbc.sql("""
                        UPDATE survey_response SET status = 'SUBMITTED', answers = CAST(:answers AS JSONB), version = version + 1
                        WHERE id = :id AND version = :version AND status = 'RETURNED'""")
                .param("answers", JSON.writeValueAsString(answers)).param("id", id).param("version", expectedVersion).update();
    }

    private static ResponseRow mapResponse(ResultSet rs, int n) throws SQLException {
        return new ResponseRow(rs.getLong("id"), rs.getObject("client_uuid", UUID.class), rs.getLong("campaign_id"),
                rs.getLong("form_version_id"), rs.getLong("village_id"), rs.getLong("township_id"),
                rs.getObject("month", LocalDate.class), rs.getObject("surveyor_id", Long.class), rs.getString("status"),
                JSON.readValue(rs.getString("answers"), ANSWERS), rs.getObject("collected_on", LocalDate.class),
                rs.getObject("received_on", LocalDate.class), rs.getString("review_note"),
                rs.getObject("reviewed_on", LocalDate.class), rs.getInt("version"));
    }

    static List<Question> copy(List<Question> questions) {
        return new ArrayList<>(questions);
    }
}
