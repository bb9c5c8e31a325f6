package io.zhian.regions;

/** Kinds of organisation unit in a county-level city's safe-city work. */
public enum OrgUnitKind {
    POLITICAL_LEGAL_COMMITTEE,   // 政法委
    PUBLIC_SECURITY_BUREAU,      // 公安局
    POLICE_STATION,              // 派出所
    COURT,                       // 法院
    PROCURATORATE,               // 检察院
    JUSTICE_BUREAU,              // 司法局
    GOVERNANCE_CENTRE,           // 综治中心
    TOWNSHIP_GOVERNMENT,         // 乡镇政府/街道办
    VILLAGE_COMMITTEE,           // 村委会/居委会
    PROPERTY_COMPANY,            // 物业公司
    OTHER;

    public String messageKey() {
        return "unitKind." + name();
    }
}
