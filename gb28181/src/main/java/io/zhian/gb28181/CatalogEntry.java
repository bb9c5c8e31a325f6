package io.zhian.gb28181;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code <Item>} of a catalog response: a channel (camera, alarm input, ...) or an organisational node.
 * The commonly used fields are typed; every other simple child element is kept in {@code extra}
 * (e.g. Parental, SafetyWay, RegisterWay, Secrecy, IPAddress, Port) so nothing the device sent is lost.
 *
 * @param deviceId  the item's DeviceID as sent (kept as text: business-group/organisation codes may be shorter)
 * @param longitude null when absent or unparsable
 */
public record CatalogEntry(
        String deviceId,
        String name,
        String manufacturer,
        String model,
        String owner,
        String civilCode,
        String address,
        String parentId,
        String status,
        Double longitude,
        Double latitude,
        Map<String, String> extra) {

    public CatalogEntry {
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** A minimal channel entry, handy for simulators and tests. */
    public static CatalogEntry channel(String deviceId, String name, String parentId) {
        return new CatalogEntry(deviceId, name, null, null, null, null, null, parentId, "ON", null, null, Map.of());
    }

    public Optional<GbDeviceId> gbDeviceId() {
        return GbDeviceId.tryParse(deviceId);
    }

    /** True when the device reports the channel as online ("ON"/"ONLINE"/"OK"). */
    public boolean online() {
        return status != null && (status.equalsIgnoreCase("ON") || status.equalsIgnoreCase("ONLINE")
                || status.equalsIgnoreCase("OK"));
    }

    /** Builds an entry from the flattened child elements of an {@code <Item>}. */
    static CatalogEntry fromItem(Map<String, String> item) {
        Map<String, String> rest = new LinkedHashMap<>(item);
        String id = rest.remove("DeviceID");
        String name = rest.remove("Name");
        String manufacturer = rest.remove("Manufacturer");
        String model = rest.remove("Model");
        String owner = rest.remove("Owner");
        String civilCode = rest.remove("CivilCode");
        String address = rest.remove("Address");
        String parentId = rest.remove("ParentID");
        String status = rest.remove("Status");
        Double longitude = ManscdpDocument.parseCoordinate(rest.remove("Longitude"));
        Double latitude = ManscdpDocument.parseCoordinate(rest.remove("Latitude"));
        return new CatalogEntry(id, name, manufacturer, model, owner, civilCode, address, parentId, status,
                longitude, latitude, rest);
    }
}
