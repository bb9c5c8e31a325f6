package io.zhian.alarms;

/**
 * A camera near an alarm.
 *
 * @param id             the device's id in its own module
 * @param name           what the board shows, e.g. 翰林公馆东门
 * @param distanceMetres straight-line distance from the alarm
 * @param online         whether the camera is reachable now
 * @param viewUrl        where to watch it, may be null
 */
public record NearbyCamera(String id, String name, double distanceMetres, boolean online, String viewUrl) {}
