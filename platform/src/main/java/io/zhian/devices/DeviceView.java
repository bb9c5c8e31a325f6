package io.zhian.devices;

import java.time.Instant;
import java.time.LocalDate;

/** A device as users and other modules see it; the SIP password is never part of it. */
public record DeviceView(long id, String code, DeviceKind kind, String name, long regionId, String regionName,
                         Long townshipId, String townshipName, Long unitId, String unitName, Double lon, Double lat,
                         String address, LocalDate installDate, String vendor, String gbId, String protocol,
                         boolean online, Instant statusSince, Instant lastSeenAt, String fault, boolean hasSipPassword,
                         int version) {}
