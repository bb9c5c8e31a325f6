package io.zhian.demo;

import io.zhian.regions.RegionLevel;
import io.zhian.regions.Regions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/** Prints where the server listens and, in the demo, the accounts to try. */
@Component
class StartupBanner {

    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

    private final Environment env;
    private final Regions regions;

    StartupBanner(Environment env, Regions regions) {
        this.env = env;
        this.regions = regions;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
        StringBuilder sb = new StringBuilder("\n\n  智安 Zhian is running: http://localhost:" + port + "/\n");
        sb.append("  API docs: http://localhost:").append(port).append("/swagger-ui.html\n");
        sb.append("  Database: ").append(env.getProperty("zhian.embedded-db.active", "false").equals("true")
                ? "embedded PostgreSQL, data in " + env.getProperty("zhian.embedded-db.data-dir", "data")
                : env.getProperty("spring.datasource.url")).append('\n');
        if (env.acceptsProfiles(Profiles.of("demo"))) {
            sb.append("  Demo accounts, password ").append(DemoCityLoader.PASSWORD).append(" :\n");
            DemoCityLoader.describe(regions.byLevel(RegionLevel.TOWNSHIP)).forEach(l -> sb.append(l).append('\n'));
        }
        log.info(sb.toString());
    }
}
