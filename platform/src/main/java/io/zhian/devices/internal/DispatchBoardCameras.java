package io.zhian.devices.internal;

import io.zhian.alarms.NearbyCamera;
import io.zhian.alarms.NearbyCameras;
import io.zhian.devices.Devices;
import java.util.List;
import org.springframework.stereotype.Component;

/** Gives the dispatch board the registered cameras nearest an alarm, each linking to its device page. */
@Component
class DispatchBoardCameras implements NearbyCameras {

    private final Devices devices;

    DispatchBoardCameras(Devices devices) {
        this.devices = devices;
    }

    @Override
    public List<NearbyCamera> near(double lon, double lat, int limit) {
        return devices.nearestCameras(lon, lat, limit).stream()
                .map(c -> new NearbyCamera(String.valueOf(c.id()), c.gbId() == null ? c.name() : c.name() + " · " + c.gbId(),
                        c.distanceMetres(), c.online(), "/devices/" + c.id()))
                .toList();
    }
}
