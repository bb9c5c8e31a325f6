/**
 * The access-event ingestion path in plain Java (JDBC and Jackson only, no Spring), shared by the HTTP
 * webhook, the MQTT consumer and the benchmark in {@code bench/}, which compiles these sources directly
 * so that what is measured is what runs.
 */
package io.zhian.community.ingest;
