package io.zhian.assessment;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Test-only: collects the SanctionIssued events other modules would receive. */
@Component
public class IssuedSanctions {

    final List<SanctionIssued> received = new CopyOnWriteArrayList<>();

    @EventListener
    void on(SanctionIssued event) {
        received.add(event);
    }
}
