package io.zhian.regions.internal;

import io.zhian.regions.NewOrgUnit;
import io.zhian.regions.OrgUnit;
import io.zhian.regions.OrgUnitKind;
import io.zhian.regions.OrgUnits;
import io.zhian.shared.ActorProvider;
import io.zhian.shared.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** REST API for organisation units. */
@RestController
@RequestMapping("/api/v1/units")
class UnitApi {

    record UnitInput(String code, String name, String kind, String regionCode, String parentCode) {}

    record UnitUpdate(String name, String kind, String regionCode, Boolean active, Integer version) {}

    private final OrgUnits units;
    private final ActorProvider actors;

    UnitApi(OrgUnits units, ActorProvider actors) {
        this.units = units;
        this.actors = actors;
    }

    @GetMapping
    Map<String, Object> list(@RequestParam(required = false) String q, @RequestParam(required = false) OrgUnitKind kind,
                             @RequestParam(required = false) Long regionId, @RequestParam(defaultValue = "0") int page,
                             @RequestParam(defaultValue = "50") int size) {
        var scope = actors.require().scope();
        int s = Math.min(Math.max(size, 1), 500);
        List<OrgUnit> items = units.list(scope, q, kind, regionId, Math.max(page, 0) * s, s);
        return Map.of("total", units.count(scope, q, kind, regionId), "page", page, "size", s, "items", items);
    }

    @GetMapping("/{id}")
    OrgUnit get(@PathVariable long id) {
        return units.get(actors.require().scope(), id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    OrgUnit create(@RequestBody UnitInput input) {
        return units.create(actors.require(), new NewOrgUnit(input.code(), input.name(), kind(input.kind()),
                input.regionCode(), input.parentCode()));
    }

    @PutMapping("/{id}")
    OrgUnit update(@PathVariable long id, @RequestBody UnitUpdate input) {
        if (input.version() == null) {
            throw new InvalidInputException("version", "is required (the version you read)");
        }
        return units.update(actors.require(), id, input.name(), kind(input.kind()), input.regionCode(),
                input.active() == null || input.active(), input.version());
    }

    static OrgUnitKind kind(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OrgUnitKind.valueOf(value.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("kind", "'" + value + "' is not a unit kind");
        }
    }
}
