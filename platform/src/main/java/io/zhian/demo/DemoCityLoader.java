package io.zhian.demo;

import io.zhian.antifraud.FraudCases;
import io.zhian.casework.Casework;
import io.zhian.identity.NewUser;
import io.zhian.identity.ScopeKind;
import io.zhian.identity.UserProvisioning;
import io.zhian.regions.OrgUnits;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.DemoDataContributor;
import io.zhian.shared.Role;
import java.util.Comparator;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Under the {@code demo} profile, loads 示范市 and one demo user per role on the first start (an
 * empty region table). Later starts find the data and leave it alone.
 */
@Component
@Profile("demo")
@Order(10)
class DemoCityLoader implements ApplicationRunner {

    /** The demo password: shown on start-up; exists only under the demo profile. */
    static final String PASSWORD = "Zhian@2026!";

    record DemoAccount(String username, String displayName, Role role, ScopeKind scope, String scopeNote) {}

    static final List<DemoAccount> ACCOUNTS = List.of(
            new DemoAccount("admin", "城市管理员（演示）", Role.CITY_ADMIN, ScopeKind.ALL, "全市"),
            new DemoAccount("secadmin", "安全管理员（演示）", Role.SECURITY_ADMIN, ScopeKind.ALL, "全市"),
            new DemoAccount("auditor", "审计管理员（演示）", Role.AUDIT_ADMIN, ScopeKind.ALL, "全市"),
            new DemoAccount("zhen01", "乡镇干部甲（演示）", Role.TOWNSHIP_OFFICER, ScopeKind.REGION, "township 1"),
            new DemoAccount("zhen02", "乡镇干部乙（演示）", Role.TOWNSHIP_OFFICER, ScopeKind.REGION, "township 2"),
            new DemoAccount("wangge01", "网格员（演示）", Role.GRID_WORKER, ScopeKind.REGION, "first village of township 1"),
            new DemoAccount("wuye01", "物业经理（演示）", Role.PROPERTY_MANAGER, ScopeKind.UNIT, "own property company"),
            new DemoAccount("jiejing01", "接警调度员（演示）", Role.POLICE_DISPATCHER, ScopeKind.ALL, "全市"),
            new DemoAccount("paichusuo01", "派出所值班民警（演示）", Role.POLICE_DISPATCHER, ScopeKind.UNIT, "own police station"),
            new DemoAccount("tiaojie01", "调解员（演示）", Role.MEDIATOR, ScopeKind.REGION, "township 1"),
            new DemoAccount("lianluo01", "联络员（演示）", Role.LIAISON_OFFICER, ScopeKind.SELF, "own records"),
            new DemoAccount("diaocha01", "调查员（演示）", Role.SURVEYOR, ScopeKind.REGION, "township 1"),
            new DemoAccount("fanzha01", "反诈研判员（演示）", Role.FRAUD_ANALYST, ScopeKind.ALL, "全市"));

    private static final Logger log = LoggerFactory.getLogger(DemoCityLoader.class);

    private final Regions regions;
    private final OrgUnits units;
    private final UserProvisioning provisioning;
    private final FraudCases fraudCases;
    private final Casework casework;
    private final List<DemoDataContributor> contributors;
    private final long seed;

    DemoCityLoader(Regions regions, OrgUnits units, UserProvisioning provisioning, FraudCases fraudCases, Casework casework,
                   List<DemoDataContributor> contributors, @Value("${zhian.demo.seed:20261129}") long seed) {
        this.contributors = contributors.stream().sorted(Comparator.comparingInt(DemoDataContributor::demoOrder)).toList();
        this.fraudCases = fraudCases;
        this.casework = casework;
        this.regions = regions;
        this.units = units;
        this.provisioning = provisioning;
        this.seed = seed;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (regions.root().isPresent() || provisioning.anyUserExists()) {
            return;
        }
        long started = System.nanoTime();
        DemoCity city = DemoCityGenerator.demo(seed);
        regions.loadFreshTree(city.regions());
        units.loadAll(city.units());
        List<Region> townships = regions.byLevel(RegionLevel.TOWNSHIP);
        Region first = townships.get(0);
        Region second = townships.get(1);
        Region firstVillage = regions.children(io.zhian.shared.DataScope.all(), first.id()).get(0);
        int n = 0;
        for (DemoAccount a : ACCOUNTS) {
            String unitCode = switch (a.username()) {
                case "zhen01", "lianluo01", "diaocha01" -> "GC-001";
                case "zhen02" -> "GC-002";
                case "wangge01" -> "VC-" + firstVillage.code();
                case "wuye01" -> "PM-01";
                case "jiejing01", "fanzha01" -> "PSB";
                case "paichusuo01" -> "PS-001";
                case "tiaojie01" -> "SFS-001";
                default -> "PLC";
            };
            Long scopeRegion = switch (a.username()) {
                case "zhen01", "tiaojie01", "diaocha01" -> first.id();
                case "zhen02" -> second.id();
                case "wangge01" -> firstVillage.id();
                default -> null;
            };
            long unitId = units.findByCode(unitCode).orElseThrow().id();
            String phone = String.format("1380000%04d", ++n);
            provisioning.create(new NewUser(a.username(), a.displayName(), phone, unitId, PASSWORD, false),
                    a.role(), a.scope(), scopeRegion);
        }
        List<String> villages = city.regions().stream().filter(r -> r.kind().level() == RegionLevel.VILLAGE).map(r -> r.code()).toList();
        int fraud = fraudCases.recordAll(DemoFraudCases.generate(seed, villages, 1500, LocalDate.now(ZoneId.of("Asia/Shanghai"))));
        log.info("Demo fraud cases: {}, governance cases: {}", fraud, casework.seedDemo(seed));
        for (DemoDataContributor contributor : contributors) {
            log.info("Demo data: {}", contributor.contributeDemoData(seed));
        }
        log.info("Demo city 示范市 loaded: {} townships, {} villages/communities, {} grids, {} units in {} ms",
                city.count(RegionLevel.TOWNSHIP), city.count(RegionLevel.VILLAGE), city.count(RegionLevel.GRID),
                city.units().size(), (System.nanoTime() - started) / 1_000_000);
    }

    static List<String> describe(List<Region> townships) {
        List<String> lines = new ArrayList<>();
        for (DemoAccount a : ACCOUNTS) {
            String note = switch (a.scopeNote()) {
                case "township 1" -> townships.isEmpty() ? a.scopeNote() : townships.get(0).name();
                case "township 2" -> townships.size() < 2 ? a.scopeNote() : townships.get(1).name();
                default -> a.scopeNote();
            };
            lines.add(String.format("    %-10s %-18s %s%s", a.username(), a.role(), note,
                    a.role().isAdministrator() ? "  (enrols a TOTP app at first sign-in / 首次登录需绑定动态口令)" : ""));
        }
        return lines;
    }
}
