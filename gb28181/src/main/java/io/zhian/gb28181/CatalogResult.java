package io.zhian.gb28181;

import java.util.List;

/**
 * A catalog assembled from one or more {@code <Response><CmdType>Catalog</CmdType>} MESSAGEs sharing an SN.
 *
 * @param sumNum   the total the device announced in {@code <SumNum>}
 * @param complete false when the assembly timed out before {@code sumNum} distinct items arrived
 */
public record CatalogResult(GbDeviceId deviceId, String sn, int sumNum, List<CatalogEntry> entries, boolean complete) {

    public CatalogResult {
        entries = List.copyOf(entries);
    }
}
