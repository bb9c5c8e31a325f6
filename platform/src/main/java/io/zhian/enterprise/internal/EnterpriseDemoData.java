package io.zhian.enterprise.internal;

import io.zhian.casework.ActionInput;
import io.zhian.casework.CaseAction;
import io.zhian.casework.Casework;
import io.zhian.enterprise.CreditCode;
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
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * A generated year of 万人助万企 and 我为群众办实事 across the demo city, shaped like the seed (152 enterprises, 51 problems,
 * 43 solved; many practical deeds): a few enterprises per township, problems raised as casework cases over the past
 * year and most of them solved, and deeds done on days spread over the past twelve months, so that the enterprise
 * figures have values in every month. Names are invented; deterministic from the seed.
 */
@Component
@Profile("demo")
class EnterpriseDemoData implements DemoDataContributor {

    private static final String[] KINDS = {"农业合作社", "食品有限公司", "机械制造有限公司", "纺织有限公司", "建材有限公司", "物流有限公司",
            "电子科技有限公司", "商贸有限公司"};
    private static final String[] PLACES = {"丰源", "恒信", "宏达", "金穗", "瑞丰", "鑫达", "华盛", "永安", "益民", "兴业", "同创", "嘉禾"};
    private static final String[][] PROBLEMS = {{"用电增容", "新生产线投产需要增加变压器容量"}, {"招工困难", "旺季缺少熟练工人，请求协助对接劳务"},
            {"道路通行", "厂区门前道路破损，货车进出困难"}, {"融资需求", "扩大生产需流动资金，请求对接银行"},
            {"手续办理", "环评手续办理进度慢，请求协调"}, {"用地问题", "扩建用地规划调整需协调"}};
    private static final String[][] DEEDS = {{"VILLAGE", "", "修复村内破损道路"}, {"VILLAGE", "", "疏通村内排水沟渠"},
            {"VILLAGE", "", "更换村口路灯"}, {"GROUP", "留守儿童", "开展暑期课后托管"}, {"GROUP", "独居老人", "上门检查用电安全"},
            {"PERSON", "王某某", "代办养老保险资格认证"}, {"PERSON", "李某某", "协助申请临时救助"}, {"GROUP", "种植户", "组织农技培训"}};

    private final EnterpriseService service;
    private final EnterpriseStore store;
    private final Casework casework;
    private final Regions regions;
    private final OrgUnits units;

    EnterpriseDemoData(EnterpriseService service, EnterpriseStore store, Casework casework, Regions regions, OrgUnits units) {
        this.service = service;
        this.store = store;
        this.casework = casework;
        this.regions = regions;
        this.units = units;
    }

    @Override
    public int demoOrder() {
        return 650;
    }

    @Override
    public String contributeDemoData(long seed) {
        long started = System.nanoTime();
        Random random = new Random(seed ^ 0x656E7465L);
        LocalDate today = LocalDate.now(Casework.ZONE);
        int enterprises = 0;
        int problems = 0;
        int solved = 0;
        int deeds = 0;
        for (Region township : regions.byLevel(RegionLevel.TOWNSHIP)) {
            List<Region> villages = regions.children(DataScope.all(), township.id());
            if (villages.isEmpty()) {
                continue;
            }
            Actor officer = actorAt(township);
            int count = 4 + random.nextInt(4);
            for (int i = 0; i < count; i++) {
                Region village = villages.get(random.nextInt(villages.size()));
                String name = village.name().replaceAll("(村|社区|居委会)$", "") + PLACES[random.nextInt(PLACES.length)]
                        + KINDS[random.nextInt(KINDS.length)];
                String body = String.format(Locale.ROOT, "91419800MA%07d", ++enterprises);
                long id = service.create(officer, new EnterpriseService.NewEnterprise(name, body + CreditCode.checkCharacter(body).orElseThrow(),
                        village.code(), random.nextInt(10) < 3, "张某某", String.format(Locale.ROOT, "1390100%04d", enterprises)));
                if (random.nextInt(3) != 0) {
                    continue;
                }
                String[] topic = PROBLEMS[random.nextInt(PROBLEMS.length)];
                long caseId = service.raiseProblem(officer, id, topic[0], topic[1] + "（企业诉求演示）", "WALK_IN");
                problems++;
                int ageDays = random.nextInt(350);
                int openDays = 2 + random.nextInt(28);
                casework.act(officer, caseId, CaseAction.ASSIGN, ActionInput.empty());
                if (ageDays > 10 || random.nextInt(10) < 8) {
                    casework.act(officer, caseId, CaseAction.START, ActionInput.empty());
                    if (random.nextInt(100) < 85) {
                        casework.act(officer, caseId, CaseAction.RESOLVE, new ActionInput(null, null, "已协调解决（演示）", null));
                        solved++;
                    }
                }
                casework.shiftDemoTimeline(caseId, Duration.ofDays(ageDays), Duration.ofDays(openDays));
                store.shiftProblemCreated(caseId, Duration.ofDays(ageDays + openDays));
            }
            // deeds go straight to the table: generated, checked here, no acting person to audit
            int deedCount = 8 + random.nextInt(8);
            for (int i = 0; i < deedCount; i++) {
                Region village = villages.get(random.nextInt(villages.size()));
                String[] deed = DEEDS[random.nextInt(DEEDS.length)];
                store.insertDeed(0, "驻村干部（演示）", officer.unitId(), village.id(), deed[0], deed[1].isEmpty() ? null : deed[1],
                        deed[2] + "（演示）", today.minusDays(random.nextInt(365)));
                deeds++;
            }
        }
        return String.format("enterprise: %d enterprises, %d problems (%d solved), %d practical deeds in %d ms", enterprises, problems,
                solved, deeds, (System.nanoTime() - started) / 1_000_000);
    }

    /** The generator acts as an officer of the township's governance centre. */
    private Actor actorAt(Region township) {
        OrgUnit unit = units.list(DataScope.all(), null, OrgUnitKind.GOVERNANCE_CENTRE, township.id(), 0, 1).stream().findFirst()
                .or(() -> units.list(DataScope.all(), null, null, township.id(), 0, 1).stream().findFirst())
                .orElseThrow(() -> new IllegalStateException("no unit in " + township.name()));
        return new Actor(0, "demo", "乡镇干部（演示）", unit.id(), township.id(), Set.of(Role.CITY_ADMIN), DataScope.all());
    }
}
