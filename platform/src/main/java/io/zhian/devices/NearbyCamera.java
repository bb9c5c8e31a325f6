package io.zhian.devices;

/** A camera near a point, for the dispatch board: distance along the earth's surface in metres. */
public record NearbyCamera(long id, String name, String gbId, double distanceMetres, boolean online) {}
