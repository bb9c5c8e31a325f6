package io.zhian.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicFiltersTests {

    @Test
    void wildcards_match_as_the_mqtt_specification_says() {
        assertThat(TopicFilters.matches("zhian/community/+/access", "zhian/community/HLGG/access")).isTrue();
        assertThat(TopicFilters.matches("zhian/community/+/access", "zhian/community/HLGG/alarm")).isFalse();
        assertThat(TopicFilters.matches("zhian/community/+/access", "zhian/community/a/b/access")).isFalse();
        assertThat(TopicFilters.matches("zhian/#", "zhian")).isTrue();
        assertThat(TopicFilters.matches("zhian/#", "zhian/a/b/c")).isTrue();
        assertThat(TopicFilters.matches("#", "$SYS/broker")).isFalse();
        assertThat(TopicFilters.matches("a/+", "a/")).isTrue();
        assertThat(TopicFilters.matches("a/b", "a/b/c")).isFalse();
    }

    @Test
    void malformed_filters_are_refused() {
        assertThat(TopicFilters.valid("a/#/b")).isFalse();
        assertThat(TopicFilters.valid("a/b#")).isFalse();
        assertThat(TopicFilters.valid("a/+b")).isFalse();
        assertThat(TopicFilters.valid("")).isFalse();
        assertThat(TopicFilters.valid("a/+/#")).isTrue();
    }
}
