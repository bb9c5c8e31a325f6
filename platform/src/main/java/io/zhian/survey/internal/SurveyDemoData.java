package io.zhian.survey.internal;

import io.zhian.identity.UserDirectory;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import io.zhian.shared.DemoDataContributor;
import java.io.StringReader;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Demo surveys: the 双提升 questionnaire (published), a campaign over every village drawing 64 households each,
 * visit outcomes, about 30,000 synthetic responses (no people behind them) whose levels vary by township so
 * the indices and rankings differ on first start, and two periods of imported ranking tables. Bulk rows go
 * through COPY to keep the first start short.
 */
@Component
@Profile("demo")
class SurveyDemoData implements DemoDataContributor {

    static final int HOUSEHOLDS = 64;
    static final List<String> SCALES = List.of("security", "sat_police", "sat_court", "sat_procuratorate", "sat_justice");

    private final SurveyStore store;
    private final Rankings rankings;
    private final Regions regions;
    private final UserDirectory users;
    private final JdbcClient jdbc;
    private final DataSource dataSource;

    SurveyDemoData(SurveyStore store, Rankings rankings, Regions regions, UserDirectory users, JdbcClient jdbc,
                   DataSource dataSource) {
        this.store = store;
        this.rankings = rankings;
        this.regions = regions;
        this.users = users;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    @Override
    public int demoOrder() {
        return 800;
    }

    /** The demo questionnaire: five scales feeding the indices, a condition, a number and free text. */
    static List<Question> questions() {
        List<Question.Choice> safety = choices("很安全", "安全", "基本安全", "不安全", "很不安全", "不了解");
        List<Question.Choice> satisfaction = choices("很满意", "满意", "基本满意", "不满意", "很不满意", "不了解");
        return List.of(
                new Question("security", QuestionType.SCALE5, "您觉得您所在的村（社区）治安状况安全吗？", true, "", safety),
                new Question("victim", QuestionType.SINGLE, "近一年您或家人是否遭遇过违法犯罪？", true, "",
                        List.of(new Question.Choice("yes", "是"), new Question.Choice("no", "否"))),
                new Question("victim_type", QuestionType.MULTIPLE, "遭遇的是哪类违法犯罪？（可多选）", true, "${victim} = 'yes'",
                        List.of(new Question.Choice("theft", "盗窃"), new Question.Choice("fraud", "电信网络诈骗"),
                                new Question.Choice("robbery", "抢劫抢夺"), new Question.Choice("other", "其他"))),
                new Question("sat_police", QuestionType.SCALE5, "您对公安机关的工作满意吗？", true, "", satisfaction),
                new Question("sat_court", QuestionType.SCALE5, "您对法院的工作满意吗？", true, "", satisfaction),
                new Question("sat_procuratorate", QuestionType.SCALE5, "您对检察院的工作满意吗？", true, "", satisfaction),
                new Question("sat_justice", QuestionType.SCALE5, "您对司法行政（司法所、法律服务）工作满意吗？", true, "", satisfaction),
                new Question("household_size", QuestionType.NUMBER, "家庭常住人口（人）", false, "", List.of()),
                new Question("suggestion", QuestionType.TEXT, "您对平安建设还有什么意见建议？", false, "", List.of()));
    }

    private static List<Question.Choice> choices(String... labels) {
        List<Question.Choice> out = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            out.add(new Question.Choice(String.valueOf(i + 1), labels[i]));
        }
        return out;
    }

    @Override
    public String contributeDemoData(long seed) {
        long started = System.nanoTime();
        Random rnd = new Random(seed ^ 0x5E5E5EL);
        long formId = store.insertForm("shuangtisheng", "双提升入户调查表", null);
        long versionId = store.insertDraft(formId, questions(), null);
        store.publish(versionId);

        YearMonth thisMonth = YearMonth.now(Surveys.ZONE);
        YearMonth firstMonth = thisMonth.minusMonths(5);
        LocalDate starts = firstMonth.atDay(1);
        LocalDate ends = thisMonth.atEndOfMonth();
        long campaignId = store.insertCampaign("2026年平安建设“双提升”大走访", versionId, starts, ends, HOUSEHOLDS,
                "每村抽取 " + HOUSEHOLDS + " 户，每组 10 户（村名-组-户号）", null);
        List<Region> villages = regions.byLevel(RegionLevel.VILLAGE);
        store.addCampaignVillages(campaignId, villages.stream().mapToLong(Region::id).toArray());

        List<Region> townships = regions.byLevel(RegionLevel.TOWNSHIP);
        Long surveyor = users.findByUsername("diaocha01").map(UserDirectory.UserSummary::id).orElse(null);
        long firstTownship = townships.get(0).id();
        if (surveyor != null) {
            for (Region v : regions.children(DataScope.all(), firstTownship)) {
                store.addTeamMember(campaignId, v.id(), surveyor);
            }
        }
        // each township leans safer or less safe: p = share of answers in the top three levels
        Map<Long, Double> lean = new HashMap<>();
        for (Region t : townships) {
            lean.put(t.id(), 0.78 + 0.19 * rnd.nextDouble());
        }

        int villageCount = villages.size();
        int[] done = new int[villageCount];
        int total = 0;
        for (int i = 0; i < villageCount; i++) {
            done[i] = rnd.nextInt(10) == 0 ? 12 + rnd.nextInt(18) : 40 + rnd.nextInt(21);
            total += done[i];
        }
        // ids up front, so that responses and their scale answers can both be copied in
        List<Long> ids = jdbc.sql("SELECT nextval(pg_get_serial_sequence('survey_response', 'id')) FROM generate_series(1, :n)")
                .param("n", total).query(Long.class).list();
        StringBuilder visits = new StringBuilder(4 << 20);
        StringBuilder responseRows = new StringBuilder(12 << 20);
        StringBuilder levelRows = new StringBuilder(4 << 20);
        int months = (int) ChronoUnit.MONTHS.between(firstMonth, thisMonth) + 1;
        Instant now = Instant.now();
        Instant campaignStart = starts.atStartOfDay(Surveys.ZONE).toInstant();
        long spanSeconds = Math.max(1, ChronoUnit.SECONDS.between(campaignStart, now));
        int responses = 0;
        for (int i = 0; i < villageCount; i++) {
            Region v = villages.get(i);
            int absent = rnd.nextInt(Math.max(1, (HOUSEHOLDS - done[i]) / 2));
            int refused = rnd.nextInt(Math.max(1, (HOUSEHOLDS - done[i] - absent) / 3));
            // the households drawn (村名-组-户号) and their visit outcomes, kept apart from the answers
            for (int k = 1; k <= HOUSEHOLDS; k++) {
                String outcome = k <= done[i] ? "DONE" : k <= done[i] + absent ? "ABSENT" : k <= done[i] + absent + refused ? "REFUSED" : null;
                visits.append(campaignId).append('\t').append(v.id()).append('\t').append(v.parentId()).append('\t')
                        .append(v.name()).append('-').append((k - 1) / 10 + 1).append("组-").append(String.format("%03d", k)).append('\t')
                        .append(outcome == null ? "\\N" : outcome).append('\t')
                        .append(outcome == null ? "\\N" : campaignStart.plusSeconds((long) (rnd.nextDouble() * spanSeconds)).toString())
                        .append('\n');
            }
            double p = Math.min(0.995, Math.max(0.6, lean.get(v.parentId()) + rnd.nextGaussian() * 0.03));
            boolean own = v.parentId() == firstTownship;
            for (int k = 0; k < done[i]; k++) {
                YearMonth m = firstMonth.plusMonths(rnd.nextInt(months));
                int day = 1 + rnd.nextInt(m.lengthOfMonth());
                Instant collected = m.atDay(day).atTime(8 + rnd.nextInt(10), rnd.nextInt(60)).atZone(Surveys.ZONE).toInstant();
                if (collected.isAfter(now)) {
                    collected = now.minusSeconds(3600L + rnd.nextInt(86_400));
                    m = YearMonth.from(collected.atZone(Surveys.ZONE));
                }
                long id = ids.get(responses++);
                String[] levels = {level(rnd, p), level(rnd, p + 0.02), rnd.nextDouble() < 0.08 ? "6" : level(rnd, p - 0.03),
                        rnd.nextDouble() < 0.15 ? "6" : level(rnd, p - 0.05), level(rnd, p)};
                boolean victim = rnd.nextDouble() < 0.06 + (1 - p) * 0.3;
                // answers as JSON (CSV-quoted: quotes doubled); keys and values are plain ASCII
                StringBuilder json = new StringBuilder(200).append("{\"\"security\"\":\"\"").append(levels[0])
                        .append("\"\",\"\"victim\"\":\"\"").append(victim ? "yes" : "no").append("\"\"");
                if (victim) {
                    json.append(",\"\"victim_type\"\":[\"\"").append(new String[] {"theft", "fraud", "robbery", "other"}[rnd.nextInt(4)])
                            .append("\"\"]");
                }
                for (int q = 1; q < SCALES.size(); q++) {
                    json.append(",\"\"").append(SCALES.get(q)).append("\"\":\"\"").append(levels[q]).append("\"\"");
                }
                if (rnd.nextBoolean()) {
                    json.append(",\"\"household_size\"\":\"\"").append(1 + rnd.nextInt(7)).append("\"\"");
                }
                json.append('}');
                String status = !m.equals(thisMonth) ? "ACCEPTED" : rnd.nextInt(40) == 0 ? "RETURNED" : "SUBMITTED";
                responseRows.append(id).append(',').append(new UUID(rnd.nextLong(), rnd.nextLong())).append(',').append(campaignId)
                        .append(',').append(versionId).append(',').append(v.id()).append(',').append(v.parentId()).append(',')
                        .append(m.atDay(1)).append(',').append(own && surveyor != null ? String.valueOf(surveyor) : "").append(',')
                        .append(status).append(",\"").append(json).append("\",").append(collected.atZone(Surveys.ZONE).toLocalDate()).append(',')
                        .append("RETURNED".equals(status) ? "请核实第一题：受访者所选与备注不一致" : "").append('\n');
                for (int q = 0; q < SCALES.size(); q++) {
                    levelRows.append(id).append('\t').append(SCALES.get(q)).append('\t')
                            .append(levels[q].equals("6") ? "0" : levels[q]).append('\n');
                }
            }
        }
        StringBuilder steps = new StringBuilder();
        steps.append(" generate ").append(ms(started));
        copyIn("COPY survey_visit (campaign_id, village_id, township_id, household_ref, outcome, visited_at) FROM STDIN", visits.toString());
        steps.append(", visits ").append(ms(started));
        copyIn("COPY survey_response (id, client_uuid, campaign_id, form_version_id, village_id, township_id, month, surveyor_id, "
                + "status, answers, collected_on, review_note) FROM STDIN WITH (FORMAT csv)", responseRows.toString());
        steps.append(", responses ").append(ms(started));
        copyIn("COPY survey_scale_answer (response_id, question, level) FROM STDIN", levelRows.toString());
        steps.append(", scale answers ").append(ms(started));
        int rankingRows = rankings.importRows(new StringReader(rankingCsv(rnd, townships, lean, thisMonth)), null).imported();
        return String.format("surveys: 1 published form, 1 campaign over %d villages (%d households), %,d responses, "
                + "%d ranking rows in %d ms (at ms:%s)", villageCount, villageCount * HOUSEHOLDS, responses, rankingRows,
                ms(started), steps);
    }

    private static long ms(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** A scale answer: with probability p in the top three levels (1..3), else 4 or 5; 3% 不了解. */
    private static String level(Random rnd, double p) {
        if (rnd.nextDouble() < 0.03) {
            return "6";
        }
        double u = rnd.nextDouble();
        if (u < p) {
            double w = rnd.nextDouble();
            double best = 0.25 + (p - 0.78) * 1.5;
            return w < best ? "1" : w < best + 0.45 ? "2" : "3";
        }
        return rnd.nextDouble() < 0.7 ? "4" : "5";
    }

    /** Two months of the prefecture's township ranking (249 townships) and the province's unit ranking. */
    private static String rankingCsv(Random rnd, List<Region> townships, Map<Long, Double> lean, YearMonth thisMonth) {
        StringBuilder csv = new StringBuilder("period,level,unit,rank,total,score\n");
        for (int back = 2; back >= 1; back--) {
            YearMonth period = thisMonth.minusMonths(back);
            List<Integer> used = new ArrayList<>();
            for (Region t : townships) {
                double p = lean.get(t.id());
                int rank = (int) Math.round(249 * (1 - (p - 0.76) / 0.23)) + rnd.nextInt(21) - 10;
                rank = Math.max(1, Math.min(249, rank));
                while (used.contains(rank)) {
                    rank = rank % 249 + 1;
                }
                used.add(rank);
                csv.append(period).append(",PREFECTURE,").append(t.code()).append(',').append(rank).append(",249,")
                        .append(String.format(java.util.Locale.ROOT, "%.2f", 70 + 30 * (1 - rank / 249.0))).append('\n');
            }
            String[] units = {"PSB", "COURT", "PROC", "JUSTICE", "PLC"};
            for (String u : units) {
                int rank = 20 + rnd.nextInt(80);
                csv.append(period).append(",PROVINCE,").append(u).append(',').append(rank).append(",158,")
                        .append(String.format(java.util.Locale.ROOT, "%.2f", 70 + 30 * (1 - rank / 158.0))).append('\n');
            }
        }
        return csv.toString();
    }

    private void copyIn(String sql, String data) {
        Connection c = DataSourceUtils.getConnection(dataSource);
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(data));
        } catch (Exception e) {
            throw new IllegalStateException("COPY of demo survey responses failed", e);
        } finally {
            DataSourceUtils.releaseConnection(c, dataSource);
        }
    }
}
