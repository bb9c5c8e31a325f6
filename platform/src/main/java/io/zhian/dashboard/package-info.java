/**
 * The command dashboard (指挥大屏): a wall screen with the map of the townships coloured by an indicator,
 * KPI tiles with their trend against last month, and a live alarm ticker; and the periodic reports
 * (平安建设月报/年报, PDF and Excel, made at month end and on demand). It reads other modules only through
 * their {@link io.zhian.shared.FigureProvider} beans, the shared {@link io.zhian.shared.FigureTargets}, the
 * public {@link io.zhian.regions.Regions} API and the public alarm events; its only table is the report
 * archive ({@code dashboard_report}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Command dashboard")
package io.zhian.dashboard;
