package io.zhian.devices;

/**
 * Input for registering or changing a device. {@code sipPassword} is write-only: blank on an update keeps
 * the stored one. {@code installDate} is ISO yyyy-MM-dd.
 */
public record NewDevice(String code, String kind, String name, String regionCode, String unitCode, Double lon, Double lat,
                        String address, String installDate, String vendor, String gbId, String sipPassword) {}
