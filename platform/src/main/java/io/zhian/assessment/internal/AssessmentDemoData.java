package io.zhian.assessment.internal;

import io.zhian.regions.OrgUnit;
import io.zhian.regions.OrgUnits;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.DemoDataContributor;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Demo data for 示范市: the indicator bundle ("两量两率" and others) as rows, a year of monthly figures for
 * every indicator no module offers live yet, 联乡包促 pairings with tasks, inspections with sanctions and
 * the publicity log, so rankings show on the first start. Runs after the other modules' demo data.
 */
@Component
@Profile("demo")
class AssessmentDemoData implements DemoDataContributor {

    private final AssessmentStore store;
    private final FigureSources sources;
    private final Regions regions;
    private final OrgUnits units;

    AssessmentDemoData(AssessmentStore store, FigureSources sources, Regions regions, OrgUnits units) {
        this.store = store;
        this.sources = sources;
        this.regions = regions;
        this.units = units;
    }

    @Override
    public int demoOrder() {
        return 900;
    }

    /** The configured bundle; codes of figures other modules are expected to offer, manual until they do. */
    static List<Indicator> bundle() {
        return List.of(
                ind("criminal-cases", "刑事案件量", Indicator.Subject.TOWNSHIP, "police.criminal-case-count", false,
                        Indicator.Aggregation.SUM, 15, Indicator.Rule.LINEAR, 12.0, 2.0, "起", 10),
                ind("public-order-cases", "治安案件量", Indicator.Subject.TOWNSHIP, "police.public-order-case-count", false,
                        Indicator.Aggregation.SUM, 15, Indicator.Rule.LINEAR, 30.0, 5.0, "起", 20),
                ind("security-rate", "群众安全感率", Indicator.Subject.TOWNSHIP, "survey.security-rate", true,
                        Indicator.Aggregation.MEAN, 25, Indicator.Rule.LINEAR, 85.0, 98.0, "%", 30),
                ind("satisfaction-rate", "执法满意率", Indicator.Subject.TOWNSHIP, "survey.satisfaction-rate", true,
                        Indicator.Aggregation.MEAN, 25, Indicator.Rule.LINEAR, 80.0, 96.0, "%", 40),
                ind("dispute-resolution-rate", "矛盾纠纷化解率", Indicator.Subject.TOWNSHIP, "mediation.success-rate", true,
                        Indicator.Aggregation.MEAN, 10, Indicator.Rule.THRESHOLD, null, 95.0, "%", 50),
                ind("device-online-rate", "视频设备在线率", Indicator.Subject.TOWNSHIP, "devices.online-rate", true,
                        Indicator.Aggregation.MEAN, 5, Indicator.Rule.RANK, null, null, "%", 60),
                ind("publicity", "宣传发动", Indicator.Subject.TOWNSHIP, AssessmentFigures.PUBLICITY, true,
                        Indicator.Aggregation.SUM, 5, Indicator.Rule.RANK, null, null, "件", 70),
                ind("unit-task-on-time", "包联任务按期完成率", Indicator.Subject.UNIT, AssessmentFigures.TASKS_ON_TIME, true,
                        Indicator.Aggregation.MEAN, 40, Indicator.Rule.LINEAR, 50.0, 100.0, "%", 10),
                ind("unit-rectified", "督导问题按期整改率", Indicator.Subject.UNIT, AssessmentFigures.RECTIFIED, true,
                        Indicator.Aggregation.MEAN, 30, Indicator.Rule.THRESHOLD, null, 100.0, "%", 20),
                new Indicator(0, "unit-public-review", "群众评议满意率", Indicator.Subject.UNIT, Indicator.Source.MANUAL, null, true,
                        Indicator.Aggregation.MEAN, 30, Indicator.Rule.RANK, null, null, "%", true, 30, 0));
    }

    private static Indicator ind(String code, String name, Indicator.Subject subject, String figure, boolean higher,
                                 Indicator.Aggregation aggregation, double weight, Indicator.Rule rule, Double floor, Double target,
                                 String unit, int order) {
        return new Indicator(0, code, name, subject, Indicator.Source.FIGURE, figure, higher, aggregation, weight, rule, floor, target,
                unit, true, order, 0);
    }

    @Override
    public String contributeDemoData(long seed) {
        if (!store.indicators(false).isEmpty()) {
            return "assessment: indicators exist already, nothing added";
        }
        Random random = new Random(seed ^ 0x5EED900L);
        LocalDate today = LocalDate.now(AssessmentService.ZONE);
        YearMonth last = YearMonth.from(today).minusMonths(1);
        List<YearMonth> months = new ArrayList<>();
        for (int i = 11; i >= 0; i--) {
            months.add(last.minusMonths(i));
        }
        List<Indicator> indicators = new ArrayList<>();
        for (Indicator i : bundle()) {
            indicators.add(store.indicator(store.insertIndicator(i)).orElseThrow());
        }
        List<Region> townships = regions.byLevel(RegionLevel.TOWNSHIP);
        // each township has a steady "quality" so rankings look like a real year, plus monthly noise
        double[] quality = new double[townships.size()];
        for (int t = 0; t < quality.length; t++) {
            quality[t] = random.nextDouble();
        }
        int figures = 0;
        for (Indicator ind : indicators) {
            if (ind.subject() != Indicator.Subject.TOWNSHIP || !sources.entersByHand(ind)) {
                continue;
            }
            for (int t = 0; t < townships.size(); t++) {
                for (YearMonth m : months) {
                    double q = Math.max(0, Math.min(1, quality[t] + (random.nextDouble() - 0.5) * 0.3));
                    double value;
                    Long sample = null;
                    String note;
                    switch (ind.code()) {
                        case "criminal-cases" -> { value = Math.round(14 - 12 * q + random.nextInt(3)); note = "公安局月度通报"; }
                        case "public-order-cases" -> { value = Math.round(34 - 28 * q + random.nextInt(5)); note = "公安局月度通报"; }
                        case "security-rate" -> { value = round1(84 + 15 * q); sample = 300L + random.nextInt(200); note = "第三方电话抽样调查"; }
                        case "satisfaction-rate" -> { value = round1(79 + 19 * q); sample = 300L + random.nextInt(200); note = "第三方电话抽样调查"; }
                        case "dispute-resolution-rate" -> { value = round1(90 + 9.8 * q); sample = 20L + random.nextInt(40); note = "乡镇综治中心台账"; }
                        default -> { value = round1(88 + 11.5 * q); note = "雪亮工程运维月报"; }
                    }
                    // a few months were never reported: they must show as missing, not as zero
                    if (random.nextInt(60) == 0) {
                        continue;
                    }
                    store.insertFigure(ind.id(), townships.get(t).id(), null, m.atDay(1), Math.max(0, value), sample,
                            note + "（演示）", null, "系统（演示）");
                    figures++;
                }
            }
        }
        // 联乡包促: each city unit is paired with a share of the townships and owes them tasks
        String[] cityUnits = {"PLC", "PSB", "COURT", "PROC", "JUSTICE"};
        String[] taskTitles = {"帮助建立矛盾纠纷排查台账", "开展一次平安建设入户宣传", "协调解决一件群众急难愁盼问题",
                "指导“五零”平安村居创建", "联合开展重点人员走访", "督促整改视频监控盲区"};
        int pairings = 0;
        int tasks = 0;
        List<OrgUnit> paired = new ArrayList<>();
        for (int t = 0; t < townships.size(); t++) {
            OrgUnit unit = units.findByCode(cityUnits[t % cityUnits.length]).orElse(null);
            if (unit == null) {
                continue;
            }
            if (!paired.contains(unit)) {
                paired.add(unit);
            }
            long pairing = store.insertPairing(unit.id(), townships.get(t).id(), months.get(0).atDay(1), "联乡包促（演示）");
            pairings++;
            for (int k = 0; k < 4; k++) {
                LocalDate due = months.get(2 + k * 3).atDay(10 + random.nextInt(15));
                if (due.isAfter(today.plusMonths(2))) {
                    continue;
                }
                long task = store.insertTask(pairing, taskTitles[random.nextInt(taskTitles.length)], due);
                tasks++;
                int fate = random.nextInt(10);
                if (due.isBefore(today) && fate < 7) {
                    store.completeTask(task, due.minusDays(random.nextInt(5)), "已按期完成（演示）", 0);
                } else if (due.isBefore(today) && fate < 9) {
                    LocalDate late = due.plusDays(5 + random.nextInt(20));
                    if (!late.isAfter(today)) {
                        store.completeTask(task, late, "逾期后完成（演示）", 0);
                    }
                }
            }
        }
        // 督导: inspections of township governance centres and one city unit, with follow-ups and sanctions
        String[] findings = {"矛盾纠纷排查台账不全，部分纠纷未录入", "视频监控点位离线未及时报修", "平安建设宣传氛围不浓",
                "群众安全感调查中知晓率偏低", "网格员入户走访记录缺失"};
        int inspections = 0;
        int sanctions = 0;
        for (int t = 0; t < Math.min(8, townships.size()); t++) {
            OrgUnit unit = units.findByCode(String.format(Locale.ROOT, "GC-%03d", t + 1)).orElse(null);
            if (unit == null) {
                continue;
            }
            LocalDate on = months.get(3 + t).atDay(5 + t);
            long id = store.insertInspection("市委政法委第" + "一二三四五六七八".charAt(t % 8) + "督导组（张某、李某、王某）", unit.id(),
                    unit.regionId(), on, findings[t % findings.length], on.plusDays(30), null);
            inspections++;
            if (on.plusDays(30).isBefore(today)) {
                boolean fixed = t % 3 != 1;
                store.followUp(id, fixed ? "RECTIFIED" : "NOT_RECTIFIED", on.plusDays(32), fixed ? "复查已整改到位（演示）" : "复查仍未整改（演示）", 0);
                if (!fixed) {
                    store.insertSanction(unit.id(), unit.regionId(), t % 2 == 0 ? "SUMMONS" : "LISTED_RECTIFICATION", on.plusDays(35),
                            "督导发现问题逾期未整改（演示）", "市委政法委", id, null);
                    sanctions++;
                }
            }
        }
        OrgUnit gc2 = units.findByCode("GC-002").orElse(null);
        if (gc2 != null) {
            store.insertSanction(gc2.id(), gc2.regionId(), "CRITICISM", months.get(5).atDay(20), "群众安全感测评连续两月排名靠后（演示）",
                    "市平安建设领导小组", null, null);
            sanctions++;
        }
        OrgUnit gc3 = units.findByCode("GC-003").orElse(null);
        if (gc3 != null) {
            store.insertSanction(gc3.id(), gc3.regionId(), "DISQUALIFIED", months.get(8).atDay(15), "挂牌整治期间发生命案（演示）",
                    "市平安建设领导小组", null, null);
            sanctions++;
        }
        // unit review figures entered by hand for the paired city units
        Indicator review = indicators.stream().filter(i -> i.code().equals("unit-public-review")).findFirst().orElseThrow();
        for (OrgUnit unit : paired) {
            for (YearMonth m : months) {
                store.insertFigure(review.id(), unit.regionId(), unit.id(), m.atDay(1), round1(85 + 14 * random.nextDouble()),
                        100L + random.nextInt(100), "服务对象满意度评议（演示）", null, "系统（演示）");
                figures++;
            }
        }
        // 宣传: banners, slogans, letters, cards and media work each month
        int publicity = 0;
        for (int t = 0; t < townships.size(); t++) {
            for (YearMonth m : months) {
                int entries = 1 + random.nextInt(3);
                for (int e = 0; e < entries; e++) {
                    String kind = AssessmentService.PUBLICITY_KINDS.get(random.nextInt(AssessmentService.PUBLICITY_KINDS.size()));
                    int qty = switch (kind) {
                        case "LETTER", "CONTACT_CARD" -> 200 + random.nextInt(800);
                        case "BANNER", "SLOGAN" -> 5 + random.nextInt(30);
                        default -> 1 + random.nextInt(4);
                    };
                    LocalDate on = m.atDay(1 + random.nextInt(m.lengthOfMonth()));
                    if (on.isAfter(today)) {
                        continue;
                    }
                    store.insertPublicity(townships.get(t).id(), kind, (int) Math.round(qty * (0.5 + quality[t])), on, "演示", null);
                    publicity++;
                }
            }
        }
        return String.format(Locale.ROOT, "assessment: %d indicators, %d manual figures, %d pairings with %d tasks, %d inspections, "
                + "%d sanctions, %d publicity entries", indicators.size(), figures, pairings, tasks, inspections, sanctions, publicity);
    }

    private static double round1(double v) {
        return Math.round(v * 10.0) / 10.0;
    }
}
