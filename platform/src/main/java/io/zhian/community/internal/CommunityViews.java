package io.zhian.community.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** What pages and the API show. Personal data in these records is masked unless the record says "revealed". */
final class CommunityViews {

    private CommunityViews() {}

    record Compound(long id, String code, String name, long regionId, String regionName, long unitId, String unitName,
                    String address, Double lon, Double lat, long houses, long residents, long doors) {}

    record House(long id, long compoundId, String building, String entrance, String room, long regionId, int occupants) {
        public String label() {
            return building + " " + entrance + " " + room;
        }
    }

    record Occupancy(long id, long houseId, String house, String kind, LocalDate startDate, LocalDate endDate,
                     LocalDate leaseEnd) {
        public boolean current() {
            return endDate == null;
        }
    }

    record Resident(long id, long compoundId, String name, String phone, String idNumber, List<Occupancy> occupancies) {}

    /** The full values, returned only after a stated, audited reason. */
    record RevealedResident(long id, String name, String phone, String idNumber) {}

    record Door(long id, long compoundId, String deviceId, String name, String location, Instant lastSeenAt, boolean online) {}

    record Credential(long id, long residentId, String kind, String cardNo, Long doorId, boolean enabled, String disabledReason,
                      Instant createdAt) {}

    record Consent(long id, long residentId, Instant givenAt, String textVersion, String method, Instant withdrawnAt) {}

    /** One line of the credential list a door controller fetches: no names, no face data. */
    record DeviceCredential(long credentialId, long residentId, String kind, String cardNo, boolean enabled, String note) {}

    record AccessRecord(long id, String deviceId, String doorName, Instant at, String direction, String credentialType,
                        Long residentId, Long visitorPassId, String result) {}

    record VisitorPass(long id, long compoundId, String visitorLabel, Instant validFrom, Instant validTo, List<Long> doorIds,
                       String token, long uses) {}

    record PoliceRequest(long id, long compoundId, String compoundName, long residentId, String residentMasked, String caseNo,
                         String purpose, Instant windowFrom, Instant windowTo, long requestedBy, Instant requestedAt, String state,
                         Long decidedBy, Instant decidedAt, String decisionNote, Instant expiresAt, boolean usable) {}

    record Alarm(long id, long compoundId, String source, String location, Instant raisedAt, String stage, Long alarmId,
                 Instant stageAt) {}
}
