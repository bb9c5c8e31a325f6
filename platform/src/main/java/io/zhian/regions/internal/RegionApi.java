package io.zhian.regions.internal;

import io.zhian.regions.NewRegion;
import io.zhian.regions.Region;
import io.zhian.regions.RegionCsv;
import io.zhian.regions.RegionKind;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.ImportReport;
import io.zhian.shared.InvalidInputException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.json.JsonMapper;

/** REST API for the region tree: read within scope, change by role, CSV import/export. */
@RestController
@RequestMapping("/api/v1/regions")
class RegionApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record RegionInput(String code, String name, String kind, String parentCode, Double centreLon, Double centreLat,
                       String boundary, Integer population) {}

    record RegionUpdate(String name, Double centreLon, Double centreLat, String boundary, Integer population, Integer version) {}

    private final Regions regions;
    private final RegionCsv csv;
    private final ActorProvider actors;

    RegionApi(Regions regions, RegionCsv csv, ActorProvider actors) {
        this.regions = regions;
        this.csv = csv;
        this.actors = actors;
    }

    @GetMapping
    List<Region> list(@RequestParam(required = false) Long parentId, @RequestParam(required = false) String q,
                      @RequestParam(required = false) RegionLevel level, @RequestParam(defaultValue = "200") int limit) {
        var scope = actors.require().scope();
        if (parentId != null) {
            return regions.children(scope, parentId);
        }
        if (q != null || level != null) {
            return regions.search(scope, q, level, limit);
        }
        return regions.scopeRoots(scope);
    }

    @GetMapping("/{id}")
    Region get(@PathVariable long id) {
        return regions.get(actors.require().scope(), id);
    }

    /** The region's children as a GeoJSON FeatureCollection, for maps. */
    @GetMapping(path = "/{id}/map", produces = {"application/geo+json", MediaType.APPLICATION_JSON_VALUE})
    Map<String, Object> map(@PathVariable long id) {
        List<Map<String, Object>> features = new ArrayList<>();
        for (Map<String, Object> child : regions.childShapes(actors.require().scope(), id)) {
            Map<String, Object> feature = new LinkedHashMap<>();
            feature.put("type", "Feature");
            feature.put("id", child.get("id"));
            String boundary = (String) child.get("boundary");
            feature.put("geometry", boundary == null ? null : JSON.readValue(boundary, Map.class));
            Map<String, Object> props = new LinkedHashMap<>(child);
            props.remove("boundary");
            feature.put("properties", props);
            features.add(feature);
        }
        return Map.of("type", "FeatureCollection", "features", features);
    }

    @PostMapping
    ResponseEntity<Region> create(@RequestBody RegionInput input) {
        RegionKind kind = input.kind() == null ? null : RegionKind.parse(input.kind());
        if (input.kind() != null && kind == null) {
            throw new InvalidInputException("kind", "'" + input.kind() + "' is not a region kind");
        }
        Region created = regions.create(actors.require(), new NewRegion(input.code(), input.name(), kind, input.parentCode(),
                input.centreLon(), input.centreLat(), input.boundary(), input.population()));
        return ResponseEntity.status(HttpStatus.CREATED).body(created);
    }

    @PutMapping("/{id}")
    Region update(@PathVariable long id, @RequestBody RegionUpdate input) {
        if (input.version() == null) {
            throw new InvalidInputException("version", "is required (the version you read)");
        }
        return regions.update(actors.require(), id, input.name(), input.centreLon(), input.centreLat(), input.boundary(),
                input.population(), input.version());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id) {
        regions.delete(actors.require(), id);
    }

    @GetMapping(path = "/export.csv", produces = "text/csv")
    void export(HttpServletResponse response) throws IOException {
        var scope = actors.require().scope();
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=regions.csv");
        OutputStreamWriter out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        csv.export(scope, out);
    }

    @PostMapping(path = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<ImportReport> importFile(@RequestPart("file") MultipartFile file,
                                            @RequestParam(defaultValue = "false") boolean dryRun) throws IOException {
        return report(csv.importCsv(actors.require(), new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8), dryRun));
    }

    @PostMapping(path = "/import", consumes = "text/csv")
    ResponseEntity<ImportReport> importBody(@RequestBody String body, @RequestParam(defaultValue = "false") boolean dryRun) {
        Reader reader = new StringReader(body);
        return report(csv.importCsv(actors.require(), reader, dryRun));
    }

    private static ResponseEntity<ImportReport> report(ImportReport report) {
        return ResponseEntity.status(report.errorCount() > 0 ? HttpStatus.UNPROCESSABLE_CONTENT : HttpStatus.OK).body(report);
    }
}
