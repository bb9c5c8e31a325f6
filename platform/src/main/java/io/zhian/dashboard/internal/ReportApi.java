package io.zhian.dashboard.internal;

import io.zhian.shared.Actor;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.Spreadsheet;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Periodic reports over the API: generate one now, list the archive in your scope, download a PDF or workbook. */
@RestController
@RequestMapping("/api/v1/dashboard/reports")
class ReportApi {

    /** A report to generate: {@code kind} MONTH or YEAR, {@code period} 2026-11 or 2026. */
    record ReportRequest(Long regionId, String kind, String period) {}

    /** An archived report with the links to its files. */
    record ReportView(long id, long regionId, String regionName, String kind, String period, String trigger, String generatedBy,
                      String generatedAt, int pdfSize, int xlsxSize, String pdf, String xlsx) {

        static ReportView of(ReportArchive.Entry e) {
            String base = "/api/v1/dashboard/reports/" + e.id();
            return new ReportView(e.id(), e.regionId(), e.regionName(), e.periodKind(), e.period(), e.trigger(), e.generatedBy(),
                    e.generatedAt().toString(), e.pdfSize(), e.xlsxSize(), base + ".pdf", base + ".xlsx");
        }
    }

    private final ReportGenerator generator;
    private final ReportArchive archive;
    private final ActorProvider actors;

    ReportApi(ReportGenerator generator, ReportArchive archive, ActorProvider actors) {
        this.generator = generator;
        this.archive = archive;
        this.actors = actors;
    }

    @PostMapping
    ResponseEntity<ReportView> generate(@RequestBody ReportRequest request) {
        Actor actor = actors.require();
        ReportView view = ReportView.of(generator.onDemand(actor, request.regionId(), request.kind(), request.period()));
        return ResponseEntity.created(URI.create(view.pdf())).body(view);
    }

    @GetMapping
    List<ReportView> list(@RequestParam(required = false) Long regionId, @RequestParam(defaultValue = "100") int limit) {
        return archive.list(actors.require(), regionId, limit).stream().map(ReportView::of).toList();
    }

    @GetMapping("/{id}.pdf")
    ResponseEntity<byte[]> pdf(@PathVariable long id) {
        return file(archive.download(actors.require(), id, "pdf"), MediaType.APPLICATION_PDF);
    }

    @GetMapping("/{id}.xlsx")
    ResponseEntity<byte[]> xlsx(@PathVariable long id) {
        return file(archive.download(actors.require(), id, "xlsx"), Spreadsheet.XLSX);
    }

    static ResponseEntity<byte[]> file(ReportArchive.File file, MediaType type) {
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(file.name(), StandardCharsets.UTF_8).build().toString())
                .body(file.bytes());
    }
}
