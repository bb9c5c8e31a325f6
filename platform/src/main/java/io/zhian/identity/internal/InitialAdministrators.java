package io.zhian.identity.internal;

import io.zhian.identity.NewUser;
import io.zhian.identity.ScopeKind;
import io.zhian.identity.UserProvisioning;
import io.zhian.regions.NewOrgUnit;
import io.zhian.regions.NewRegion;
import io.zhian.regions.OrgUnitKind;
import io.zhian.regions.OrgUnits;
import io.zhian.regions.RegionKind;
import io.zhian.regions.Regions;
import io.zhian.shared.Role;
import java.security.SecureRandom;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * First start without the demo: creates the city root, a system unit and the three administrators
 * with random one-time passwords printed once to the console. No default passwords exist.
 */
@Component
@Order(100)
class InitialAdministrators implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(InitialAdministrators.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final UserProvisioning provisioning;
    private final Regions regions;
    private final OrgUnits units;
    private final String cityCode;
    private final String cityName;

    InitialAdministrators(UserProvisioning provisioning, Regions regions, OrgUnits units,
                          @Value("${zhian.city.code:990100000000}") String cityCode,
                          @Value("${zhian.city.name:本市}") String cityName) {
        this.provisioning = provisioning;
        this.regions = regions;
        this.units = units;
        this.cityCode = cityCode;
        this.cityName = cityName;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (provisioning.anyUserExists()) {
            return;
        }
        if (regions.root().isEmpty()) {
            regions.upsertAll(List.of(new NewRegion(cityCode, cityName, RegionKind.CITY, null, null, null, null, null)));
        }
        String rootCode = regions.root().orElseThrow().code();
        if (units.findByCode("SYSTEM").isEmpty()) {
            units.loadAll(List.of(new NewOrgUnit("SYSTEM", "系统管理", OrgUnitKind.OTHER, rootCode, null)));
        }
        long unitId = units.findByCode("SYSTEM").orElseThrow().id();
        StringBuilder message = new StringBuilder("\n\n  First start: three administrator accounts were created. "
                + "Note these one-time passwords now; each must be changed at first sign-in, and a TOTP app enrolled.\n");
        for (var admin : List.of(new Object[] {"sysadmin", "系统管理员", Role.CITY_ADMIN},
                new Object[] {"secadmin", "安全管理员", Role.SECURITY_ADMIN}, new Object[] {"auditadmin", "审计管理员", Role.AUDIT_ADMIN})) {
            String password = randomPassword();
            provisioning.create(new NewUser((String) admin[0], (String) admin[1], null, unitId, password, true),
                    (Role) admin[2], ScopeKind.ALL, null);
            message.append("    ").append(admin[0]).append("  ").append(password).append('\n');
        }
        log.warn(message.toString());
    }

    private static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder("Zh-");
        for (int i = 0; i < 14; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.append("9!").toString();
    }
}
