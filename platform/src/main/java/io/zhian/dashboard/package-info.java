/**
 * The command dashboard (指挥大屏): a wall screen with the map of the townships coloured by an indicator,
 * KPI tiles with their trend against last month, and a live alarm ticker. It reads other modules only
 * through their {@link io.zhian.shared.FigureProvider} beans, the public {@link io.zhian.regions.Regions}
 * API and the public alarm events; it has no tables of its own.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Command dashboard")
package io.zhian.dashboard;
