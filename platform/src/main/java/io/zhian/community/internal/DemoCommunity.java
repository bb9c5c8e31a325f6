package io.zhian.community.internal;

import io.zhian.community.IdCardNumber;
import io.zhian.regions.OrgUnit;
import io.zhian.regions.OrgUnitKind;
import io.zhian.regions.OrgUnits;
import io.zhian.regions.Region;
import io.zhian.regions.Regions;
import io.zhian.shared.DataScope;
import io.zhian.shared.DemoDataContributor;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

/**
 * Demo compounds for 示范市: compounds of the demo property companies (the first three belong to PM-01,
 * wuye01's company), buildings, houses, doors and synthetic residents (about 50,000 by default,
 * {@code zhian.demo.community.residents}; 1,800,000 for a full-size city). Names are generated; ID
 * numbers carry the demo city's 990101 prefix (no real region uses 99) and valid check digits. Rows
 * go in with COPY on the loader's transaction, personal data encrypted like any other resident.
 */
@Component
@Profile("demo")
class DemoCommunity implements DemoDataContributor {

    static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"};
    static final String[] GIVEN = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平",
            "刚", "桂", "英", "华", "玉", "兰", "建", "国", "文", "红"};
    static final String[] NAME_A = {"翰林", "锦绣", "金桂", "阳光", "书香", "丽景", "和谐", "幸福", "滨河", "紫荆", "翠湖", "怡然", "恒大", "康乐", "春晖", "盛世"};
    static final String[] NAME_B = {"公馆", "花园", "家园", "小区", "苑", "名都", "雅居", "新城"};
    private static final int FLUSH = 20_000;

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final Regions regions;
    private final OrgUnits units;
    private final PersonalDataCipher cipher;
    private final int residents;
    private long serial;

    DemoCommunity(JdbcClient jdbc, DataSource dataSource, Regions regions, OrgUnits units, PersonalDataCipher cipher,
                  @Value("${zhian.demo.community.residents:50000}") int residents) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.regions = regions;
        this.units = units;
        this.cipher = cipher;
        this.residents = residents;
    }

    @Override
    public int demoOrder() {
        return 400;
    }

    @Override
    public String contributeDemoData(long seed) {
        long started = System.nanoTime();
        Random random = new Random(seed ^ 0xC0FFEEL);
        List<OrgUnit> companies = units.list(DataScope.all(), "PM-", OrgUnitKind.PROPERTY_COMPANY, null, 0, 500);
        if (companies.isEmpty()) {
            return "community: no property companies, nothing generated";
        }
        int compoundCount = Math.max(8, Math.min(1000, residents / 4000));
        Connection c = DataSourceUtils.getConnection(dataSource);
        try {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            int perCompound = Math.max(1, residents / compoundCount);
            int rest = residents - perCompound * compoundCount;
            int made = 0;
            int faces = 0;
            for (int i = 0; i < compoundCount; i++) {
                OrgUnit company = i < 3 ? companies.get(0) : companies.get(1 + (i - 3) % Math.max(1, companies.size() - 1));
                List<Region> villages = regions.children(DataScope.all(), company.regionId());
                Region region = villages.isEmpty() ? regions.find(company.regionId()).orElseThrow() : villages.get(i % villages.size());
                String code = String.format(Locale.ROOT, "XQ%04d", i + 1);
                String name = NAME_A[i % NAME_A.length] + NAME_B[(i / NAME_A.length + i) % NAME_B.length]
                        + (i >= NAME_A.length * NAME_B.length ? String.valueOf(i) : "");
                long compound = jdbc.sql("""
                                INSERT INTO community_compound (code, name, region_id, unit_id, address, lon, lat)
                                VALUES (:code, :name, :r, :u, :a, :lon, :lat) RETURNING id""")
                        .param("code", code).param("name", name).param("r", region.id()).param("u", company.id())
                        .param("a", region.name() + " " + name).param("lon", region.centreLon()).param("lat", region.centreLat())
                        .query(Long.class).single();
                List<Long> doors = new ArrayList<>();
                for (String door : new String[] {"南门", "北门", "1号楼单元门"}) {
                    doors.add(jdbc.sql("INSERT INTO community_door (compound_id, device_id, name, location, last_seen_at) VALUES (:c, :d, :n, :l, now()) RETURNING id")
                            .param("c", compound).param("d", code + "-" + (doors.size() + 1)).param("n", door).param("l", name + " " + door)
                            .query(Long.class).single());
                }
                int n = perCompound + (i == compoundCount - 1 ? rest : 0);
                int[] counts = generate(c, copy, random, compound, region.id(), code, n, doors.get(0));
                made += counts[0];
                faces += counts[1];
            }
            return String.format("community: %d compounds, %,d synthetic residents (%d with face consent) in %d ms",
                    compoundCount, made, faces, (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("demo community data failed: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(c, dataSource);
        }
    }

    /** One compound's buildings, houses, residents, occupancies and credentials; returns {residents, faces}. */
    private int[] generate(Connection c, CopyManager copy, Random random, long compound, long regionId, String code, int n, long faceDoor)
            throws SQLException, IOException {
        int houseCount = Math.max(1, (int) Math.ceil(n / 2.5));
        int perBuilding = 2 * 9 * 2;
        int buildings = (houseCount + perBuilding - 1) / perBuilding;
        long[] buildingIds = ids(c, "community_building", buildings);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < buildings; i++) {
            b.append(buildingIds[i]).append('\t').append(compound).append('\t').append(i + 1).append("号楼\t").append(regionId).append('\n');
        }
        copy.copyIn("COPY community_building (id, compound_id, name, region_id) FROM STDIN", new StringReader(b.toString()));
        long[] houseIds = ids(c, "community_house", houseCount);
        b.setLength(0);
        for (int h = 0; h < houseCount; h++) {
            int inBuilding = h % perBuilding;
            b.append(houseIds[h]).append('\t').append(compound).append('\t').append(buildingIds[h / perBuilding]).append('\t')
                    .append(inBuilding / 18 + 1).append("单元\t").append((inBuilding % 18) / 2 + 1).append(String.format(Locale.ROOT, "%02d", inBuilding % 2 + 1))
                    .append('\t').append(regionId).append('\n');
            if (b.length() > FLUSH * 60) {
                copy.copyIn("COPY community_house (id, compound_id, building_id, entrance, room, region_id) FROM STDIN", new StringReader(b.toString()));
                b.setLength(0);
            }
        }
        copy.copyIn("COPY community_house (id, compound_id, building_id, entrance, room, region_id) FROM STDIN", new StringReader(b.toString()));

        long[] residentIds = ids(c, "community_resident", n);
        StringBuilder res = new StringBuilder();
        StringBuilder occ = new StringBuilder();
        StringBuilder cred = new StringBuilder();
        StringBuilder consent = new StringBuilder();
        HexFormat hex = HexFormat.of();
        LocalDate today = LocalDate.of(2026, 11, 1);
        int faces = 0;
        for (int i = 0; i < n; i++) {
            long id = residentIds[i];
            int houseIndex = Math.min(houseCount - 1, (int) (i / 2.5));
            boolean first = i == 0 || Math.min(houseCount - 1, (int) ((i - 1) / 2.5)) != houseIndex;
            String name = SURNAMES[random.nextInt(SURNAMES.length)] + GIVEN[random.nextInt(GIVEN.length)]
                    + (random.nextBoolean() ? GIVEN[random.nextInt(GIVEN.length)] : "");
            String phone = "1" + (3 + random.nextInt(6)) + String.format(Locale.ROOT, "%09d", random.nextInt(1_000_000_000));
            // unique by construction: the running number picks the birth date and the sequence digits
            long k = serial++;
            LocalDate birth = LocalDate.of(1940, 1, 1).plusDays(k % 29_200);
            String first17 = "990101" + birth.toString().replace("-", "") + String.format(Locale.ROOT, "%03d", (k / 29_200) % 1000);
            String idNo = first17 + IdCardNumber.checkCharacter(first17);
            res.append(id).append('\t').append(compound).append('\t').append(bytea(hex, cipher.encrypt("name", name))).append('\t')
                    .append(bytea(hex, cipher.encrypt("phone", phone))).append('\t').append(bytea(hex, cipher.encrypt("id_no", idNo)))
                    .append('\t').append(bytea(hex, cipher.hash(idNo))).append('\n');
            int roll = random.nextInt(100);
            String kind = first ? (roll < 85 ? "OWNER" : "TENANT") : (roll < 80 ? "FAMILY" : roll < 92 ? "TENANT" : "FLOATING");
            LocalDate start = today.minusDays(30 + random.nextInt(3650));
            occ.append(id).append('\t').append(houseIds[houseIndex]).append('\t').append(kind).append('\t').append(start).append('\t')
                    .append(kind.equals("TENANT") ? today.plusDays(30 + random.nextInt(700)).toString() : "\\N").append('\n');
            cred.append(id).append("\tCARD\t").append(String.format(Locale.ROOT, "%08X", random.nextInt() & 0x7fffffff)).append("\t\\N\n");
            if (random.nextInt(100) < 5) {
                faces++;
                consent.append(id).append('\t').append("2026-01-01 00:00:00+08\tv1\t").append(random.nextBoolean() ? "PAPER" : "APP").append('\n');
                cred.append(id).append("\tFACE\t\\N\t").append(faceDoor).append('\n');
            }
            if (res.length() > FLUSH * 400 || i == n - 1) {
                copy.copyIn("COPY community_resident (id, compound_id, name_enc, phone_enc, id_no_enc, id_no_hash) FROM STDIN",
                        new StringReader(res.toString()));
                copy.copyIn("COPY community_occupancy (resident_id, house_id, kind, start_date, lease_end) FROM STDIN",
                        new StringReader(occ.toString()));
                copy.copyIn("COPY community_credential (resident_id, kind, card_no, door_id) FROM STDIN", new StringReader(cred.toString()));
                copy.copyIn("COPY community_face_consent (resident_id, given_at, text_version, method) FROM STDIN",
                        new StringReader(consent.toString()));
                res.setLength(0);
                occ.setLength(0);
                cred.setLength(0);
                consent.setLength(0);
            }
        }
        return new int[] {n, faces};
    }

    private long[] ids(Connection c, String table, int n) {
        return jdbc.sql("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)").param("t", table).param("n", n)
                .query(Long.class).list().stream().mapToLong(Long::longValue).toArray();
    }

    private static String bytea(HexFormat hex, byte[] b) {
        return "\\\\x" + hex.formatHex(b);
    }
}
