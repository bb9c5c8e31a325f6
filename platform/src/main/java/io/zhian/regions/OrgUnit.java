package io.zhian.regions;

/** An organisation unit with its home region. */
public record OrgUnit(long id, String code, String name, OrgUnitKind kind, long regionId, Long parentId,
                      boolean active, int version) {}
