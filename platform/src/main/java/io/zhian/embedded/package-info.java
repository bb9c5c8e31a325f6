/**
 * Embedded infrastructure started when nothing external is configured: a real PostgreSQL
 * (zonky binaries from Maven Central) with its data under {@code ./data/}. Setting
 * {@code spring.datasource.url} switches it off without any code change.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Embedded infrastructure")
package io.zhian.embedded;
