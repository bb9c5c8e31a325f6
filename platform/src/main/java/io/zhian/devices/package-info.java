/**
 * The device network (雪亮工程 cameras and NVRs over GB/T 28181; door controllers, alarm pillars, safety light boxes
 * 平安灯箱 and intercoms over MQTT): the registry, online status and its history, online rates, maintenance tickets
 * and the maintenance/network-fee ledger. Device alarms are raised as {@link io.zhian.alarms.AlarmRequested}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Devices")
package io.zhian.devices;
