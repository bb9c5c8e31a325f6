package io.zhian;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;

/**
 * One application context for all integration tests: the real server on a random port, the embedded
 * PostgreSQL started fresh under target/, and the demo city loaded once.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "zhian.embedded-db.data-dir=target/test-data", "zhian.embedded-db.clean=true", "zhian.mqtt.port=0",
        "zhian.devices.sip.udp-port=0", "zhian.devices.sip.tcp-port=0", "zhian.devices.demo-fleet.size=0",
        "zhian.dashboard.refresh-interval=PT10M", "zhian.dashboard.reports.enabled=false"})
@AutoConfigureMockMvc
@ActiveProfiles("demo")
public @interface ZhianTest {}
