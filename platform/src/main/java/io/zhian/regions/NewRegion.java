package io.zhian.regions;

/**
 * A region to create or (by code) update, as given by a form, the API, a CSV row or the demo
 * generator. {@code boundary} is a GeoJSON Polygon or MultiPolygon geometry.
 */
public record NewRegion(String code, String name, RegionKind kind, String parentCode, Double centreLon,
                        Double centreLat, String boundary, Integer population) {}
