package io.zhian.dashboard.internal;

import io.zhian.audit.AuditTrail;
import io.zhian.dashboard.Dashboard;
import io.zhian.regions.Regions;
import io.zhian.shared.Actor;
import io.zhian.shared.DataScope;
import io.zhian.shared.ForbiddenException;
import io.zhian.shared.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The archive of generated reports: each generation is a new row, never overwritten. Lists are scoped to the
 * actor's jurisdiction with bind parameters; a report by id outside it answers 404 and is audited as a denial;
 * every download is audited.
 */
@Repository
class ReportArchive {

    /** An archived report without its files. */
    record Entry(long id, long regionId, String regionName, String periodKind, String period, String trigger,
                 String generatedBy, Instant generatedAt, int pdfSize, int xlsxSize) {}

    /** A file of a report: its name and bytes. */
    record File(String name, byte[] bytes) {}

    private static final String COLUMNS = "id, region_id, period_kind, period, trigger, generated_by, generated_at, pdf_size, xlsx_size";

    private final JdbcClient jdbc;
    private final Regions regions;
    private final AuditTrail audit;
    private final TransactionTemplate tx;

    ReportArchive(JdbcClient jdbc, Regions regions, AuditTrail audit, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.regions = regions;
        this.audit = audit;
        this.tx = new TransactionTemplate(transactions);
    }

    static void requireMayUse(Actor actor) {
        if (!Dashboard.mayView(actor)) {
            throw new ForbiddenException("reports are for township officers, city administrators and dispatchers");
        }
    }

    /**
     * Archives a generated report with its audit row in one transaction. A scheduled report of a (region, period)
     * that is archived already is not added again: empty then.
     */
    Optional<Entry> save(ReportContent c, byte[] pdf, byte[] xlsx) {
        String detail = c.regionName() + " " + c.period().key() + " " + c.trigger().name();
        Optional<Long> saved = tx.execute(status -> {
            Optional<Long> id = jdbc.sql("""
                            INSERT INTO dashboard_report (region_id, period_kind, period, trigger, generated_by, generated_at,
                              pdf, xlsx, pdf_size, xlsx_size)
                            VALUES (:region, :kind, :period, :trigger, :by, :at, :pdf, :xlsx, :pdfSize, :xlsxSize)
                            ON CONFLICT DO NOTHING RETURNING id""")
                    .param("region", c.regionId()).param("kind", c.period().kind().name()).param("period", c.period().key())
                    .param("trigger", c.trigger().name()).param("by", c.generatedBy()).param("at", Timestamp.from(c.generatedAt()))
                    .param("pdf", pdf).param("xlsx", xlsx).param("pdfSize", pdf.length).param("xlsxSize", xlsx.length)
                    .query(Long.class).optional();
            // a person's request is audited with the row; the job has no person, so it signs as 'system' below
            if (id.isPresent() && c.trigger() == ReportContent.Trigger.ON_DEMAND) {
                audit.record("DASHBOARD_REPORT_GENERATE", "dashboard_report", id.get(), detail);
            }
            return id;
        });
        if (saved.isPresent() && c.trigger() == ReportContent.Trigger.SCHEDULED) {
            audit.recordIndependently(null, c.generatedBy(), null, "DASHBOARD_REPORT_GENERATE", "dashboard_report", saved.get(),
                    AuditTrail.Outcome.SUCCESS, detail);
        }
        return saved.flatMap(this::find);
    }

    /** Whether the month-end job has archived this region's report of the period already. */
    boolean scheduledExists(long regionId, ReportPeriod period) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM dashboard_report WHERE region_id = :region AND period_kind = :kind
                          AND period = :period AND trigger = 'SCHEDULED')""")
                .param("region", regionId).param("kind", period.kind().name()).param("period", period.key())
                .query(Boolean.class).single();
    }

    /** The reports in the actor's scope, newest first; optionally of one region only (404 outside the scope). */
    List<Entry> list(Actor actor, Long regionId, int limit) {
        requireMayUse(actor);
        DataScope scope = actor.scope();
        if (regionId != null) {
            regions.get(scope, regionId);
        }
        List<Entry> rows = jdbc.sql("SELECT " + COLUMNS + " FROM dashboard_report r WHERE " + scope.where("r.region_id", null, null)
                        + " AND (CAST(:region AS BIGINT) IS NULL OR r.region_id = :region)"
                        + " ORDER BY r.generated_at DESC, r.id DESC LIMIT :limit")
                .params(scope.params()).param("region", regionId).param("limit", Math.min(Math.max(limit, 1), 500))
                .query(ReportArchive::entry).list();
        return named(rows);
    }

    /** One report by id: 404 when it does not exist or lies outside the actor's scope. */
    Entry get(Actor actor, long id) {
        requireMayUse(actor);
        Entry entry = find(id).orElseThrow(() -> new NotFoundException("dashboard_report", id));
        if (!actor.scope().coversRegion(entry.regionId())) {
            throw NotFoundException.outOfScope("dashboard_report", id);
        }
        return entry;
    }

    /** A report's PDF or workbook ({@code pdf} or {@code xlsx}) for the actor, the download audited. */
    File download(Actor actor, long id, String format) {
        Entry entry = get(actor, id);
        String column = "pdf".equals(format) ? "pdf" : "xlsx";
        byte[] bytes = jdbc.sql("SELECT " + column + " FROM dashboard_report WHERE id = :id").param("id", id)
                .query(byte[].class).single();
        audit.record("DASHBOARD_REPORT_DOWNLOAD", "dashboard_report", id, column + " " + entry.regionName() + " " + entry.period());
        return new File(fileName(entry, column), bytes);
    }

    Optional<Entry> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM dashboard_report WHERE id = :id").param("id", id)
                .query(ReportArchive::entry).optional().map(e -> named(List.of(e)).get(0));
    }

    private List<Entry> named(List<Entry> rows) {
        Map<Long, String> names = regions.names(rows.stream().map(Entry::regionId).distinct().toList());
        return rows.stream().map(e -> new Entry(e.id(), e.regionId(), names.getOrDefault(e.regionId(), "#" + e.regionId()),
                e.periodKind(), e.period(), e.trigger(), e.generatedBy(), e.generatedAt(), e.pdfSize(), e.xlsxSize())).toList();
    }

    /** 示范市-2026-11-月报-17.pdf: readable, and unique per archived row. */
    static String fileName(Entry e, String extension) {
        return e.regionName() + "-" + e.period() + "-" + ("YEAR".equals(e.periodKind()) ? "年报" : "月报") + "-" + e.id() + "." + extension;
    }

    private static Entry entry(ResultSet rs, int n) throws SQLException {
        return new Entry(rs.getLong("id"), rs.getLong("region_id"), null, rs.getString("period_kind"), rs.getString("period"),
                rs.getString("trigger"), rs.getString("generated_by"), rs.getTimestamp("generated_at").toInstant(),
                rs.getInt("pdf_size"), rs.getInt("xlsx_size"));
    }
}
