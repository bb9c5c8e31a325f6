/**
 * The demo city 示范市: a deterministic generator of a fictional county-level city (28 township-level
 * units, 626 villages/communities, grids, polygons that tile the city, organisation units) and, under
 * the {@code demo} profile, its loading on first start together with demo users for every role.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Demo city")
package io.zhian.demo;
