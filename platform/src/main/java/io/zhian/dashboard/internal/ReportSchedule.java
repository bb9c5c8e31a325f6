package io.zhian.dashboard.internal;

import io.zhian.regions.Region;
import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The month-end reports: on the 1st of each month (01:00 Beijing time by default) the previous month's report of the
 * city and of each township, and on 1 January also the previous year's annual reports. Each (region, period) is
 * generated once by the job; a restart or a second trigger the same day adds nothing.
 */
@Component
public class ReportSchedule {

    private static final Logger log = LoggerFactory.getLogger(ReportSchedule.class);

    private final ReportGenerator generator;
    private final Regions regions;
    private final boolean enabled;

    ReportSchedule(ReportGenerator generator, Regions regions, @Value("${zhian.dashboard.reports.enabled:true}") boolean enabled) {
        this.generator = generator;
        this.regions = regions;
        this.enabled = enabled;
    }

    @Scheduled(cron = "${zhian.dashboard.reports.cron:0 0 1 1 * *}", zone = "Asia/Shanghai")
    void monthEnd() {
        if (!enabled) {
            return;
        }
        int made = run(LocalDate.now(ReportGenerator.ZONE));
        log.info("Month-end reports: {} generated", made);
    }

    /**
     * The reports due on {@code today}: the month before it for the city and each township, and when {@code today}
     * is in January the year before too. Returns the number of reports archived by this run.
     */
    public int run(LocalDate today) {
        List<Region> reportRegions = new ArrayList<>(regions.byLevel(RegionLevel.CITY));
        reportRegions.addAll(regions.byLevel(RegionLevel.TOWNSHIP));
        YearMonth month = YearMonth.from(today).minusMonths(1);
        int made = generator.scheduled(reportRegions, ReportPeriod.month(month));
        if (today.getMonthValue() == 1) {
            made += generator.scheduled(reportRegions, ReportPeriod.year(today.getYear() - 1));
        }
        return made;
    }
}
