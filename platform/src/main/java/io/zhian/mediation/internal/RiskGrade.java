package io.zhian.mediation.internal;

/** Risk grade 低/中/高/重大; each flag raises the resulting priority by one. */
enum RiskGrade {
    LOW(1), MEDIUM(2), HIGH(3), MAJOR(4);

    final int basePriority;

    RiskGrade(int basePriority) {
        this.basePriority = basePriority;
    }

    static RiskGrade parse(String v) {
        return Enums.parse(RiskGrade.class, v);
    }
}
