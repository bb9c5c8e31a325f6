package io.zhian.regions;

/** A unit to create, identified by its code; the home region is given by its code. */
public record NewOrgUnit(String code, String name, OrgUnitKind kind, String regionCode, String parentCode) {}
