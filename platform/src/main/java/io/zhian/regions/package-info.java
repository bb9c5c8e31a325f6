/**
 * The region tree (city → township/street → village/community → grid) with statistical division
 * codes and optional GeoJSON boundaries, and the organisation units (政法委, 公安局, 综治中心, 村委会,
 * property companies …) that work in it. Every other module scopes its rows by these regions.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Regions and units")
package io.zhian.regions;
