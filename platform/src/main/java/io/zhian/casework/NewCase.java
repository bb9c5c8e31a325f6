package io.zhian.casework;

import java.util.List;

/** A case as reported. The region is given by its code and must lie in the creator's scope. */
public record NewCase(String typeCode, String title, String description, String regionCode, String channel,
                      List<NewParty> parties) {

    public NewCase {
        parties = parties == null ? List.of() : List.copyOf(parties);
    }
}
