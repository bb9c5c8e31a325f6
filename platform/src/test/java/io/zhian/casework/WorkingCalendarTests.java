package io.zhian.casework;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Due dates count working days: weekends and holidays skipped, 调休 weekend days counted. Pure. */
class WorkingCalendarTests {

    // the 2026 arrangement as seeded by V500 (国办发明电 2025-11-04), Spring Festival and National Day
    private static final WorkingCalendar CAL = calendar();

    private static WorkingCalendar calendar() {
        Set<LocalDate> off = new HashSet<>();
        for (LocalDate d = LocalDate.of(2026, 2, 15); !d.isAfter(LocalDate.of(2026, 2, 23)); d = d.plusDays(1)) {
            off.add(d);
        }
        for (LocalDate d = LocalDate.of(2026, 10, 1); !d.isAfter(LocalDate.of(2026, 10, 7)); d = d.plusDays(1)) {
            off.add(d);
        }
        Set<LocalDate> worked = Set.of(LocalDate.of(2026, 2, 14), LocalDate.of(2026, 2, 28), LocalDate.of(2026, 9, 20),
                LocalDate.of(2026, 10, 10));
        return new WorkingCalendar(off, worked);
    }

    @Test
    void weekendsAreSkipped() {
        LocalDate friday = LocalDate.of(2026, 1, 9);
        assertThat(CAL.addWorkingDays(friday, 1)).isEqualTo(LocalDate.of(2026, 1, 12));
        assertThat(CAL.addWorkingDays(friday, 5)).isEqualTo(LocalDate.of(2026, 1, 16));
        assertThat(CAL.addWorkingDays(friday, 10)).isEqualTo(LocalDate.of(2026, 1, 23));
        assertThat(CAL.addWorkingDays(friday, 0)).isEqualTo(friday);
    }

    @Test
    void holidaysAreSkippedAndAdjustedSaturdaysCount() {
        LocalDate friday = LocalDate.of(2026, 2, 13);
        assertThat(CAL.isWorkingDay(LocalDate.of(2026, 2, 14))).isTrue();   // Saturday worked (调休)
        assertThat(CAL.isWorkingDay(LocalDate.of(2026, 2, 16))).isFalse();  // Monday, Spring Festival
        assertThat(CAL.addWorkingDays(friday, 1)).isEqualTo(LocalDate.of(2026, 2, 14));
        assertThat(CAL.addWorkingDays(friday, 2)).isEqualTo(LocalDate.of(2026, 2, 24));
        // 15 working days from the Friday before the holiday: 2-14, 2-24..27, 2-28 (Sat, worked), 3-2..6, 3-9..12
        assertThat(CAL.addWorkingDays(friday, 15)).isEqualTo(LocalDate.of(2026, 3, 12));
        // National Day: the Sunday 9-20 and the Saturday 10-10 are worked
        assertThat(CAL.addWorkingDays(LocalDate.of(2026, 9, 18), 1)).isEqualTo(LocalDate.of(2026, 9, 20));
        assertThat(CAL.addWorkingDays(LocalDate.of(2026, 9, 30), 1)).isEqualTo(LocalDate.of(2026, 10, 8));
        assertThat(CAL.addWorkingDays(LocalDate.of(2026, 9, 30), 3)).isEqualTo(LocalDate.of(2026, 10, 10));
        assertThat(CAL.workingDaysBetween(LocalDate.of(2026, 9, 30), LocalDate.of(2026, 10, 12))).isEqualTo(4);
    }
}
