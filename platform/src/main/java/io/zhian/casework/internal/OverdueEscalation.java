package io.zhian.casework.internal;

import io.zhian.casework.Casework;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Escalates overdue cases every 15 minutes (township → city), once per case. */
@Component
class OverdueEscalation {

    private static final Logger log = LoggerFactory.getLogger(OverdueEscalation.class);

    private final Casework casework;

    OverdueEscalation(Casework casework) {
        this.casework = casework;
    }

    @Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT15M")
    void run() {
        int n = casework.escalateOverdue(Instant.now());
        if (n > 0) {
            log.info("Escalated {} overdue governance cases", n);
        }
    }
}
