package io.zhian.devices.internal;

import io.zhian.devices.DeviceKind;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import io.zhian.shared.DemoDataContributor;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Demo devices for 示范市: per township ~80 cameras, NVRs, light boxes, alarm pillars, door controllers and intercoms
 * around its villages, with SIP passwords, a year of status history with outages, some maintenance tickets and a
 * year of contracts and network fees. Generated from the seed; nothing real.
 */
@Component
@Profile("demo")
class DemoDevices implements DemoDataContributor {

    /** Demo GB ids: centre code 41138100 (a fictional county under 河南 41), industry 00, network 0. */
    static final String CENTRE = "4113810000";
    static final String DEMO_PASSWORD_PREFIX = "Demo#Sip";

    private static final String[] VENDORS = {"海康威视", "大华", "宇视", "天地伟业", "华为"};
    private static final String[] PLACES = {"路口", "广场", "村委会门口", "学校门口", "菜市场", "桥头", "卫生室", "小区大门", "加油站", "公交站"};

    private final Regions regions;
    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;
    private final PasswordCipher cipher;

    /** zhian.demo.scale: 1 is about 3,000 devices, 10 a full-size county (about 30,000). */
    private final double scale;

    DemoDevices(Regions regions, JdbcClient jdbc, NamedParameterJdbcTemplate named, PasswordCipher cipher,
                @org.springframework.beans.factory.annotation.Value("${zhian.demo.scale:1}") double scale) {
        this.scale = scale;
        this.regions = regions;
        this.jdbc = jdbc;
        this.named = named;
        this.cipher = cipher;
    }

    /** The demo password of a GB device: the fleet uses it to register. */
    static String demoPassword(String gbId) {
        return DEMO_PASSWORD_PREFIX + gbId.substring(14);
    }

    @Override
    public int demoOrder() {
        return 300;
    }

    @Override
    public String contributeDemoData(long seed) {
        Random random = new Random(seed ^ 0x5EED_DE71CEL);
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        Instant now = Instant.now();
        Instant yearAgo = now.minus(Duration.ofDays(365));
        List<Region> townships = regions.byLevel(RegionLevel.TOWNSHIP);
        List<MapSqlParameterSource> rows = new ArrayList<>();
        int serial = 0;
        int t = 0;
        for (Region township : townships) {
            t++;
            List<Region> villages = regions.children(DataScope.all(), township.id());
            if (villages.isEmpty()) {
                continue;
            }
            // in DeviceKind order: cameras, NVRs, door controllers, alarm pillars, light boxes, intercoms
            int[] counts = {70 + random.nextInt(21), 3, 4, 5, 8 + random.nextInt(5), 3};
            for (int k = 0; k < counts.length; k++) {
                counts[k] = (int) Math.round(counts[k] * scale);
            }
            DeviceKind[] kinds = DeviceKind.values();
            for (int k = 0; k < kinds.length; k++) {
                for (int i = 0; i < counts[k]; i++) {
                    Region village = villages.get(random.nextInt(villages.size()));
                    double lon = (village.centreLon() == null ? 112.08 : village.centreLon()) + (random.nextDouble() - 0.5) * 0.01;
                    double lat = (village.centreLat() == null ? 32.68 : village.centreLat()) + (random.nextDouble() - 0.5) * 0.008;
                    DeviceKind kind = kinds[k];
                    String gbId = null;
                    String password = null;
                    if (kind == DeviceKind.CAMERA || kind == DeviceKind.NVR) {
                        serial++;
                        gbId = CENTRE + (kind == DeviceKind.CAMERA ? "132" : "118") + "0" + String.format("%06d", serial);
                        password = cipher.encrypt(demoPassword(gbId));
                    }
                    String place = PLACES[random.nextInt(PLACES.length)];
                    String code = String.format("%s-%02d-%04d", prefix(kind), t, i + 1);
                    LocalDate installed = LocalDate.now(zone).minusDays(400 + random.nextInt(1500));
                    rows.add(new MapSqlParameterSource().addValue("code", code).addValue("kind", kind.name())
                            .addValue("name", village.name() + place + kind.chinese() + (i + 1))
                            .addValue("region", village.id()).addValue("township", township.id())
                            .addValue("lon", Math.round(lon * 1e6) / 1e6).addValue("lat", Math.round(lat * 1e6) / 1e6)
                            .addValue("address", township.name() + village.name() + place).addValue("installDate", Date.valueOf(installed))
                            .addValue("vendor", VENDORS[random.nextInt(VENDORS.length)]).addValue("gb", gbId).addValue("password", password)
                            .addValue("protocol", gbId == null ? "MQTT" : "GB28181").addValue("since", Timestamp.from(now)));
                }
            }
        }
        for (int from = 0; from < rows.size(); from += 1000) {
            named.batchUpdate("""
                    INSERT INTO device (code, kind, name, region_id, township_id, lon, lat, address, install_date, vendor, gb_id, sip_password,
                      protocol, online, status_since, last_seen_at)
                    VALUES (:code, :kind, :name, :region, :township, :lon, :lat, :address, :installDate, :vendor, :gb, :password, :protocol,
                      TRUE, :since, :since)""", rows.subList(from, Math.min(from + 1000, rows.size())).toArray(MapSqlParameterSource[]::new));
        }
        // a year of history: online, with outages of a few hours to a few days; some still offline today
        List<Long> ids = jdbc.sql("SELECT id FROM device ORDER BY id").query(Long.class).list();
        List<MapSqlParameterSource> history = new ArrayList<>();
        List<Long> stillOffline = new ArrayList<>();
        for (long id : ids) {
            Instant at = yearAgo;
            history.add(change(id, true, at, "REGISTERED"));
            double outagesPerYear = random.nextInt(10) == 0 ? 25 : 4;
            while (true) {
                at = at.plus(Duration.ofMinutes((long) (-Math.log(1 - random.nextDouble()) * 525_600 / outagesPerYear)));
                if (at.isAfter(now)) {
                    break;
                }
                history.add(change(id, false, at, random.nextBoolean() ? "KEEPALIVE_TIMEOUT" : "REGISTRATION_EXPIRED"));
                Instant back = at.plus(Duration.ofMinutes(30 + (long) (random.nextDouble() * random.nextDouble() * 4 * 24 * 60)));
                if (back.isAfter(now)) {
                    stillOffline.add(id);
                    break;
                }
                history.add(change(id, true, back, "REGISTERED"));
                at = back;
            }
        }
        for (int from = 0; from < history.size(); from += 2000) {
            named.batchUpdate("INSERT INTO device_status_change (device_id, online, at, reason) VALUES (:d, :o, :at, :r)",
                    history.subList(from, Math.min(from + 2000, history.size())).toArray(MapSqlParameterSource[]::new));
        }
        jdbc.sql("""
                        UPDATE device d SET online = FALSE, status_since = h.at, last_seen_at = h.at
                        FROM (SELECT DISTINCT ON (device_id) device_id, at FROM device_status_change ORDER BY device_id, at DESC) h
                        WHERE h.device_id = d.id AND d.id = ANY(CAST(:ids AS BIGINT[]))""")
                .param("ids", io.zhian.shared.SqlArrays.bigints(stillOffline)).update();
        // tickets for some of the long-offline devices
        int tickets = 0;
        String[] states = {"OPEN", "ASSIGNED", "FIXED"};
        for (int i = 0; i < stillOffline.size() && i < 40; i += 2) {
            String state = states[tickets % 3];
            long ticket = jdbc.sql("""
                            INSERT INTO maintenance_ticket (device_id, state, fault, assignee, opened_by, opened_at)
                            VALUES (:d, :s, '设备离线超过 24 小时', CASE WHEN :s = 'OPEN' THEN NULL ELSE '示范市安防运维公司' END, 'admin', now() - INTERVAL '1 day')
                            RETURNING id""")
                    .param("d", stillOffline.get(i)).param("s", state).query(Long.class).single();
            jdbc.sql("INSERT INTO maintenance_ticket_event (ticket_id, from_state, to_state, actor, note) VALUES (:t, NULL, 'OPEN', 'admin', '设备离线超过 24 小时')")
                    .param("t", ticket).update();
            tickets++;
        }
        // a year of contracts and network fees per township
        int year = LocalDate.now(zone).getYear();
        int fees = 0;
        for (Region township : townships) {
            for (int y = year - 1; y <= year; y++) {
                BigDecimal contract = BigDecimal.valueOf(80_000 + random.nextInt(120_000)).add(BigDecimal.valueOf(random.nextInt(100), 2));
                BigDecimal network = BigDecimal.valueOf(12 * (2_000 + random.nextInt(3_000))).setScale(2, RoundingMode.UNNECESSARY);
                insertFee(township.id(), y, "MAINTENANCE_CONTRACT", "示范市安防运维有限公司", contract, y + "年度视频监控运维合同");
                insertFee(township.id(), y, "NETWORK_RENTAL", random.nextBoolean() ? "中国电信示范市分公司" : "中国联通示范市分公司", network,
                        "视频专网线路租赁 12 个月");
                fees += 2;
            }
        }
        return rows.size() + " devices, " + history.size() + " status changes, " + tickets + " tickets, " + fees + " ledger entries";
    }

    private void insertFee(long township, int year, String category, String party, BigDecimal amount, String note) {
        jdbc.sql("INSERT INTO device_fee (township_id, year, category, party, amount, note) VALUES (:t, :y, :c, :p, :a, :n)")
                .param("t", township).param("y", year).param("c", category).param("p", party).param("a", amount).param("n", note).update();
    }

    private static MapSqlParameterSource change(long id, boolean online, Instant at, String reason) {
        return new MapSqlParameterSource().addValue("d", id).addValue("o", online).addValue("at", Timestamp.from(at)).addValue("r", reason);
    }

    private static String prefix(DeviceKind kind) {
        return switch (kind) {
            case CAMERA -> "CAM";
            case NVR -> "NVR";
            case DOOR_CONTROLLER -> "DOOR";
            case ALARM_PILLAR -> "SOS";
            case LIGHT_BOX -> "LAMP";
            case INTERCOM -> "TALK";
        };
    }
}
