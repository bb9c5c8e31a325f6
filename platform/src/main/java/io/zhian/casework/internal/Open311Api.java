package io.zhian.casework.internal;

import io.zhian.casework.CaseState;
import io.zhian.casework.CaseType;
import io.zhian.casework.Casework;
import io.zhian.casework.NewParty;
import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import io.zhian.shared.FieldProblem;
import io.zhian.shared.InvalidInputException;
import io.zhian.shared.NotFoundException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.MultiValueMap;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Citizen intake as an Open311 GeoReport v2 endpoint (JSON). Public: no sign-in, no CSRF. A request
 * is placed in the village/community whose centre is nearest to its lat/long (within 20 km), or in
 * the region whose 12-digit statistical code is given as attribute {@code region_code} or inside
 * {@code address_string}; it goes to that township's 综治中心. Status answers carry no personal data,
 * and only requests that came in through this API can be looked up.
 */
@RestController
@RequestMapping(path = "/open311/v2", produces = MediaType.APPLICATION_JSON_VALUE)
class Open311Api {

    static final double MAX_DISTANCE_KM = 20;
    private static final Pattern REGION_CODE = Pattern.compile("(?<!\\d)(\\d{12})(?!\\d)");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final DateTimeFormatter W3C = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final Casework casework;
    private final CaseStore store;
    private final Regions regions;

    Open311Api(Casework casework, CaseStore store, Regions regions) {
        this.casework = casework;
        this.store = store;
        this.regions = regions;
    }

    @GetMapping("/services.json")
    List<Map<String, Object>> services() {
        return store.types().stream().filter(CaseType::open311Public).map(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service_code", t.code());
            m.put("service_name", t.nameZh());
            m.put("description", t.description());
            m.put("metadata", true);
            m.put("type", "realtime");
            m.put("keywords", t.keywords() == null ? "" : t.keywords());
            m.put("group", t.group() == null ? "" : t.group());
            return m;
        }).toList();
    }

    @GetMapping("/services/{code}.json")
    Map<String, Object> definition(@PathVariable String code) {
        CaseType type = store.type(code).filter(CaseType::open311Public).orElseThrow(() -> new NotFoundException("service", code));
        Map<String, Object> attr = new LinkedHashMap<>();
        attr.put("variable", true);
        attr.put("code", "region_code");
        attr.put("datatype", "string");
        attr.put("required", false);
        attr.put("datatype_description", "12 位统计用区划代码；未提供经纬度时必填 / 12-digit region code, required without lat/long");
        attr.put("order", 1);
        attr.put("description", "所在村（社区）代码 / village or community code");
        return Map.of("service_code", type.code(), "attributes", List.of(attr));
    }

    @PostMapping(path = "/requests.json", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<List<Map<String, Object>>> submitJson(@RequestBody Map<String, Object> body) {
        Map<String, String> fields = new LinkedHashMap<>();
        body.forEach((k, v) -> {
            if (v instanceof Map<?, ?> attributes && k.equals("attribute")) {
                attributes.forEach((ak, av) -> fields.put("attribute[" + ak + "]", av == null ? null : String.valueOf(av)));
            } else {
                fields.put(k, v == null ? null : String.valueOf(v));
            }
        });
        return submit(fields);
    }

    @PostMapping(path = "/requests.json")
    ResponseEntity<List<Map<String, Object>>> submitForm(@RequestParam MultiValueMap<String, String> form) {
        return submit(form.toSingleValueMap());
    }

    private ResponseEntity<List<Map<String, Object>>> submit(Map<String, String> f) {
        List<FieldProblem> problems = new ArrayList<>();
        String code = trim(f.get("service_code"));
        CaseType type = null;
        if (code == null) {
            problems.add(new FieldProblem("service_code", "is required"));
        } else {
            type = store.type(code).filter(CaseType::open311Public).orElse(null);
            if (type == null) {
                problems.add(new FieldProblem("service_code", "'" + code + "' is not a service; see services.json"));
            }
        }
        String description = trim(f.get("description"));
        if (description == null) {
            problems.add(new FieldProblem("description", "is required"));
        }
        Double lat = number(f.get("lat"), "lat", -90, 90, problems);
        Double lon = number(f.get("long"), "long", -180, 180, problems);
        String address = trim(f.get("address_string"));
        if (address != null && address.length() > 300) {
            problems.add(new FieldProblem("address_string", "must be at most 300 characters"));
        }
        Region region = null;
        String regionCode = trim(f.get("attribute[region_code]"));
        if (regionCode == null && address != null) {
            Matcher m = REGION_CODE.matcher(address);
            regionCode = m.find() ? m.group(1) : null;
        }
        if ((lat == null) != (lon == null) && problems.stream().noneMatch(p -> p.field().equals("lat") || p.field().equals("long"))) {
            problems.add(new FieldProblem("lat", "lat and long go together"));
        } else if (lat != null) {
            region = nearestVillage(lat, lon);
            if (region == null) {
                problems.add(new FieldProblem("lat", "the location lies outside the city (no village centre within "
                        + (int) MAX_DISTANCE_KM + " km)"));
            }
        } else if (regionCode != null) {
            region = regions.findByCode(regionCode).orElse(null);
            if (region == null) {
                problems.add(new FieldProblem("attribute[region_code]", "no region has the code " + regionCode));
            }
        } else if (problems.stream().noneMatch(p -> p.field().equals("lat") || p.field().equals("long"))) {
            problems.add(new FieldProblem("lat", "a location is required: lat and long, or a 12-digit region code as "
                    + "attribute[region_code] or in address_string"));
        }
        String name = ((trim(f.get("last_name")) == null ? "" : trim(f.get("last_name")))
                + (trim(f.get("first_name")) == null ? "" : trim(f.get("first_name")))).strip();
        String phone = trim(f.get("phone"));
        String email = trim(f.get("email"));
        if (email != null && !EMAIL.matcher(email).matches()) {
            problems.add(new FieldProblem("email", "is not an e-mail address"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        // the e-mail address is checked but not kept: a name and a phone are enough to call back
        NewParty reporter = name.isEmpty() && phone == null ? null : new NewParty("REPORTER", name.isEmpty() ? "匿名" : name, phone);
        long id = casework.createPublic(type.code(), description, region, lat, lon, address, reporter);
        CaseStore.CaseRow row = store.find(id).orElseThrow();
        String notice = "已受理，编号 " + row.caseNo() + "，将在 " + type.dueWorkingDays() + " 个工作日内办理 / received, answered within "
                + type.dueWorkingDays() + " working days";
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service_request_id", row.caseNo());
        m.put("service_notice", notice);
        m.put("account_id", null);
        return ResponseEntity.status(HttpStatus.CREATED).body(List.of(m));
    }

    @GetMapping("/requests/{id}.json")
    List<Map<String, Object>> request(@PathVariable String id) {
        CaseStore.CaseRow row = store.findByNo(id).filter(CaseStore.CaseRow::publicIntake)
                .orElseThrow(() -> new NotFoundException("service_request", id));
        return List.of(status(row));
    }

    @GetMapping("/requests.json")
    List<Map<String, Object>> requests(@RequestParam(name = "service_request_id", required = false) String ids) {
        if (ids == null || ids.isBlank()) {
            throw new InvalidInputException("service_request_id", "is required (one or more ids, comma-separated)");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (String id : ids.split(",")) {
            if (out.size() >= 50) {
                break;
            }
            store.findByNo(id.strip()).filter(CaseStore.CaseRow::publicIntake).ifPresent(r -> out.add(status(r)));
        }
        return out;
    }

    private Map<String, Object> status(CaseStore.CaseRow r) {
        String serviceName = store.type(r.typeCode()).map(CaseType::nameZh).orElse(r.typeCode());
        boolean closed = r.state() == CaseState.RESOLVED || r.state() == CaseState.CLOSED;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service_request_id", r.caseNo());
        m.put("status", closed ? "closed" : "open");
        m.put("status_notes", statusNote(r));
        m.put("service_name", serviceName);
        m.put("service_code", r.typeCode());
        m.put("description", r.description());
        m.put("agency_responsible", null);
        m.put("requested_datetime", W3C.format(r.createdAt().atZone(Casework.ZONE)));
        m.put("updated_datetime", W3C.format(r.updatedAt().atZone(Casework.ZONE)));
        m.put("expected_datetime", W3C.format(r.dueAt().atZone(Casework.ZONE)));
        m.put("address", r.address());
        m.put("lat", r.lat());
        m.put("long", r.lon());
        return m;
    }

    /** A fixed wording per state and outcome: internal notes may name people, so they are never shown. */
    private static String statusNote(CaseStore.CaseRow r) {
        if (r.outcome() != null) {
            return switch (r.outcome()) {
                case RESOLVED -> "已办结 / resolved";
                case CLOSED_UNRESOLVED -> "已结案，未能解决 / closed without resolution";
                case WITHDRAWN -> "已撤回 / withdrawn";
                case TRANSFERRED -> "已移交其他部门 / transferred to another authority";
                case REFERRED_TO_COURT -> "已引导诉讼 / referred to court";
            };
        }
        return switch (r.state()) {
            case REGISTERED -> "已受理 / received";
            default -> "办理中 / in progress";
        };
    }

    private Region nearestVillage(double lat, double lon) {
        Region best = null;
        double bestKm = Double.MAX_VALUE;
        for (Region v : regions.byLevel(RegionLevel.VILLAGE)) {
            if (v.centreLat() == null || v.centreLon() == null) {
                continue;
            }
            double km = haversineKm(lat, lon, v.centreLat(), v.centreLon());
            if (km < bestKm) {
                bestKm = km;
                best = v;
            }
        }
        return bestKm <= MAX_DISTANCE_KM ? best : null;
    }

    static double haversineKm(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 6371.0 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
    }

    private static Double number(String value, String field, double min, double max, List<FieldProblem> problems) {
        String v = trim(value);
        if (v == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(v);
            if (Double.isNaN(d) || d < min || d > max) {
                problems.add(new FieldProblem(field, "must be between " + (int) min + " and " + (int) max));
                return null;
            }
            return d;
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem(field, "'" + v + "' is not a number"));
            return null;
        }
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    // ---- GeoReport v2 error format: [{"code": 400, "description": "…"}] ----

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<List<Map<String, Object>>> invalid(InvalidInputException e) {
        return errors(HttpStatus.BAD_REQUEST, e.problems().stream().map(p -> p.field() + ": " + p.reason()).toList());
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<List<Map<String, Object>>> notFound(NotFoundException e) {
        return errors(HttpStatus.NOT_FOUND, List.of(e.objectType() + " " + e.objectId() + " not found"));
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, HttpMediaTypeNotSupportedException.class})
    ResponseEntity<List<Map<String, Object>>> unreadable(Exception e) {
        return errors(HttpStatus.BAD_REQUEST, List.of("send form fields (application/x-www-form-urlencoded) or a JSON object"));
    }

    private static ResponseEntity<List<Map<String, Object>>> errors(HttpStatus status, List<String> descriptions) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(descriptions.stream().map(d -> Map.<String, Object>of("code", status.value(), "description", d)).toList());
    }
}
