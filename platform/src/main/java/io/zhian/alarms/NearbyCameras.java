package io.zhian.alarms;

import java.util.List;

/**
 * The cameras nearest a place, shown on the dispatch board beside each alarm. Implemented by the
 * devices module; the board works without an implementation and then says that no camera data is
 * available.
 */
public interface NearbyCameras {

    /** Up to {@code limit} cameras, nearest first. */
    List<NearbyCamera> near(double lon, double lat, int limit);
}
