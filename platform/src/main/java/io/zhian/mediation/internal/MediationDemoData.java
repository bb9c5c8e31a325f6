package io.zhian.mediation.internal;

import io.zhian.casework.ActionInput;
import io.zhian.casework.CaseAction;
import io.zhian.casework.Casework;
import io.zhian.casework.NewParty;
import io.zhian.regions.OrgUnit;
import io.zhian.regions.OrgUnitKind;
import io.zhian.regions.OrgUnits;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.DataScope;
import io.zhian.shared.DemoDataContributor;
import io.zhian.shared.Role;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * A generated year of disputes across the demo city: grades and flags, mediation of every kind, agreements
 * with obligations and their performance, some judicial confirmations, follow-up visits, a few escalations,
 * and a handful of recorded safe-village counts. Names are invented (王某甲 …); deterministic from the seed.
 */
@Component
@Profile("demo")
class MediationDemoData implements DemoDataContributor {

    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙"};
    private static final String[] GIVEN = {"某甲", "某乙", "某丙", "某丁", "某戊", "某己"};
    private static final String[][] TOPICS = {
            {"NEIGHBOUR", "宅基地院墙边界纠纷", "双方因院墙修建越界发生争执", "拆除越界部分院墙并恢复原状"},
            {"NEIGHBOUR", "排水沟堵塞引发邻里纠纷", "一方填平排水沟致邻户院内积水", "疏通排水沟并赔偿损失"},
            {"FAMILY", "老人赡养费纠纷", "三名子女对赡养费分担意见不一", "按月支付赡养费"},
            {"FAMILY", "离婚后子女抚养纠纷", "双方对探视时间和抚养费有争议", "按月支付抚养费"},
            {"LAND_HOUSING", "承包地流转租金纠纷", "租金逾期未付，出租方要求收回土地", "一次性支付拖欠租金"},
            {"LABOUR", "建筑工地拖欠农民工工资", "包工头拖欠十二名工人工资", "分两期支付拖欠工资"},
            {"PROPERTY", "小区物业费与维修纠纷", "业主以电梯长期故障为由拒交物业费", "修复电梯后补缴物业费"},
            {"COMMERCIAL", "农资买卖货款纠纷", "农资店与种植户对化肥货款有争议", "支付剩余货款"},
            {"MEDICAL", "乡镇卫生院诊疗纠纷", "患者家属对诊疗结果有异议", "给予一次性补偿"},
            {"TRAFFIC", "电动车与三轮车碰撞赔偿纠纷", "双方对事故责任和医药费分担有争议", "赔偿医药费和误工费"},
            {"OTHER", "红白事占道纠纷", "办事占用村道影响通行引发争执", "赔礼道歉并清理路面"}};

    private final MediationService service;
    private final MediationStore store;
    private final SafeVillages safeVillages;
    private final Casework casework;
    private final Regions regions;
    private final OrgUnits units;

    /** zhian.demo.scale: 1 is about 150 disputes a year, 10 a full-size county. */
    private final double scale;

    MediationDemoData(MediationService service, MediationStore store, SafeVillages safeVillages, Casework casework, Regions regions,
                      OrgUnits units,
                      @org.springframework.beans.factory.annotation.Value("${zhian.demo.scale:1}") double scale) {
        this.scale = scale;
        this.units = units;
        this.service = service;
        this.store = store;
        this.safeVillages = safeVillages;
        this.casework = casework;
        this.regions = regions;
    }

    @Override
    public int demoOrder() {
        return 700;
    }

    @Override
    public String contributeDemoData(long seed) {
        long started = System.nanoTime();
        Random random = new Random(seed ^ 0x6D656469L);
        Region root = regions.root().orElseThrow();
        Actor city = actorAt(root);
        LocalDate today = MediationService.today();
        int disputes = 0;
        int agreements = 0;
        for (Region township : regions.byLevel(RegionLevel.TOWNSHIP)) {
            List<Region> villages = regions.children(DataScope.all(), township.id());
            if (villages.isEmpty()) {
                continue;
            }
            Actor system = actorAt(township);
            int count = (int) Math.round((4 + random.nextInt(4)) * scale);
            for (int i = 0; i < count; i++) {
                Region village = villages.get(random.nextInt(villages.size()));
                String[] topic = TOPICS[random.nextInt(TOPICS.length)];
                int ageDays = random.nextInt(355);
                int openDays = 1 + random.nextInt(25);
                LocalDate created = today.minusDays(ageDays + openDays);
                LocalDate settled = today.minusDays(ageDays);
                RiskGrade grade = RiskGrade.values()[weighted(random, 50, 30, 15, 5)];
                List<String> flags = new ArrayList<>();
                if (random.nextInt(100) < 12) flags.add("VIOLENCE");
                if (random.nextInt(100) < 10) flags.add("REPEAT");
                if (random.nextInt(100) < 5) flags.add("GROUP");
                if (random.nextInt(100) < 10) flags.add("VULNERABLE");
                String applicant = name(random);
                String respondent = name(random);
                long id = service.register(system, new MediationService.NewDispute(topic[0], grade.name(), flags, topic[1],
                        topic[2] + "（调解演示数据）", village.code(), random.nextBoolean() ? "WALK_IN" : "GRID_WORKER",
                        List.of(new NewParty("APPLICANT", applicant, phone(random)), new NewParty("RESPONDENT", respondent, phone(random)))));
                long caseId = store.find(id).orElseThrow().caseId();
                disputes++;
                boolean recent = ageDays < 20;
                int fate = random.nextInt(100);
                casework.act(system, caseId, CaseAction.ASSIGN, ActionInput.empty());
                if (recent && fate < 50) {
                    shift(id, caseId, ageDays, openDays);
                    continue; // still with the township
                }
                casework.act(system, caseId, CaseAction.START, ActionInput.empty());
                MediationKind kind = MediationKind.values()[weighted(random, 70, 15, 5, 10)];
                boolean linked = kind == MediationKind.LINKED;
                String court = "示范市人民法院";
                if (fate < 78) {
                    service.addSession(system, id, new MediationService.NewSession(kind.name(), null, created.plusDays(openDays / 2).toString(),
                            "SUCCESS", "双方自愿达成协议", linked ? court : null, linked ? created.plusDays(1).toString() : null,
                            linked ? "(" + created.getYear() + ")示0101民诉前调" + (100 + disputes) + "号" : null));
                    LocalDate due = settled.plusDays(10 + random.nextInt(50));
                    service.addAgreement(system, id, new MediationService.NewAgreement(topic[2] + "，经调解双方自愿达成协议。", settled.toString(),
                            List.of(new MediationService.PartyView("APPLICANT", applicant, null),
                                    new MediationService.PartyView("RESPONDENT", respondent, null)),
                            List.of(new MediationService.NewObligation(respondent, topic[3], due.toString()))));
                    agreements++;
                    MediationStore.AgreementRow a = store.agreement(id).orElseThrow();
                    if (due.isBefore(today)) {
                        int p = random.nextInt(100);
                        for (MediationStore.ObligationRow o : store.obligations(a.id())) {
                            store.setPerformance(o.id(), p < 82 ? "PERFORMED" : p < 92 ? "PARTLY" : "NOT_PERFORMED", due);
                        }
                    }
                    if (random.nextInt(100) < 15) {
                        LocalDate applied = settled.plusDays(random.nextInt(20));
                        if (!applied.isAfter(today)) {
                            service.applyJudicial(system, id, applied.toString(), court);
                            if (applied.plusDays(15).isBefore(today)) {
                                service.judicialResult(system, id, random.nextInt(10) < 9 ? "CONFIRMED" : "REJECTED", "演示数据");
                            }
                        }
                    }
                    casework.act(system, caseId, CaseAction.RESOLVE, new ActionInput(null, null, "调解成功，签订调解协议", null));
                    if (random.nextBoolean()) {
                        casework.act(system, caseId, CaseAction.CLOSE, ActionInput.empty());
                    }
                    LocalDate visit = settled.plusDays(15 + random.nextInt(30));
                    if (!visit.isAfter(today)) {
                        service.addFollowup(system, id, visit.toString(), "调解员（演示）",
                                random.nextInt(10) < 8 ? "协议履行良好，双方关系缓和" : "履行有拖延，已督促");
                    }
                } else if (fate < 90) {
                    service.addSession(system, id, new MediationService.NewSession(kind.name(), null, created.plusDays(1).toString(),
                            "FAILED", "双方分歧较大", linked ? court : null, linked ? created.toString() : null,
                            linked ? "(" + created.getYear() + ")示0101民诉前调" + (100 + disputes) + "号" : null));
                    if (!flags.isEmpty() || random.nextBoolean()) {
                        casework.act(system, caseId, CaseAction.ESCALATE, new ActionInput(null, null, "调解不成，提交市级综治中心", null));
                    } else {
                        casework.act(system, caseId, CaseAction.REFER, new ActionInput(null, null, "引导当事人诉讼", null));
                    }
                } else {
                    service.addSession(system, id, new MediationService.NewSession(kind.name(), null, created.plusDays(1).toString(),
                            "ONGOING", "已组织首次调解", linked ? court : null, linked ? created.toString() : null,
                            linked ? "(" + created.getYear() + ")示0101民诉前调" + (100 + disputes) + "号" : null));
                }
                shift(id, caseId, ageDays, openDays);
            }
        }
        int counts = recordSafeVillageCounts(city, random, today.getYear());
        return String.format("mediation: %d disputes, %d agreements, %d safe-village counts in %d ms", disputes, agreements, counts,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** The generator acts as a mediator of the township's governance centre (the unit the timeline names). */
    private Actor actorAt(Region region) {
        OrgUnit unit = units.list(DataScope.all(), null, OrgUnitKind.GOVERNANCE_CENTRE, region.id(), 0, 1).stream().findFirst()
                .or(() -> units.list(DataScope.all(), null, null, region.id(), 0, 1).stream().findFirst())
                .orElseThrow(() -> new IllegalStateException("no unit in " + region.name()));
        return new Actor(0, "demo", "人民调解员（演示）", unit.id(), region.id(), Set.of(Role.CITY_ADMIN), DataScope.all());
    }

    private void shift(long disputeId, long caseId, int ageDays, int openDays) {
        casework.shiftDemoTimeline(caseId, Duration.ofDays(ageDays), Duration.ofDays(openDays));
        store.shiftCreated(disputeId, Duration.ofDays(ageDays + openDays));
    }

    /** A few villages per township report recorded incidents; most report zero. */
    private int recordSafeVillageCounts(Actor system, Random random, int year) {
        int n = 0;
        String[] recorded = {"CRIMINAL_CASES", "MAJOR_ACCIDENTS", "MASS_PETITIONS", "DRUG_CASES"};
        for (Region township : regions.byLevel(RegionLevel.TOWNSHIP)) {
            List<Region> villages = regions.children(DataScope.all(), township.id());
            for (int i = 0; i < Math.min(3, villages.size()); i++) {
                Region v = villages.get(random.nextInt(villages.size()));
                String c = recorded[random.nextInt(recorded.length)];
                safeVillages.record(system, v.code(), String.valueOf(year), c, String.valueOf(random.nextInt(3)), "派出所、应急管理站季度通报（演示）");
                n++;
            }
        }
        return n;
    }

    private static int weighted(Random random, int... weights) {
        int total = 0;
        for (int w : weights) total += w;
        int r = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) return i;
        }
        return weights.length - 1;
    }

    private static String name(Random random) {
        return SURNAMES[random.nextInt(SURNAMES.length)] + GIVEN[random.nextInt(GIVEN.length)];
    }

    private static String phone(Random random) {
        return String.format("1390000%04d", random.nextInt(10000));
    }
}
