package io.zhian.alarms.internal;

/** A dispatcher's entry of an alarm taken by phone or in person. */
record ManualAlarm(String regionCode, String address, String lon, String lat, String category, String description,
                   String callerPhone) {}
