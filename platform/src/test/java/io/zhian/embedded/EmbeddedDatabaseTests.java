package io.zhian.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockEnvironment;

/** A second Zhian on the same data folder stops with a plain message; an external URL skips the embedded database. */
class EmbeddedDatabaseTests {

    @Test
    void dataFolderInUseGivesAClearMessage(@TempDir Path dir) throws Exception {
        try (FileChannel channel = FileChannel.open(dir.resolve("zhian.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            MockEnvironment env = new MockEnvironment().withProperty("zhian.embedded-db.data-dir", dir.toString());
            assertThatThrownBy(() -> new EmbeddedDatabase().postProcessEnvironment(env, new SpringApplication()))
                    .isInstanceOf(EmbeddedDatabase.DataFolderInUseException.class)
                    .hasMessageContaining("already in use");
            var analysis = new DataFolderInUseFailureAnalyzer().analyze(
                    new EmbeddedDatabase.DataFolderInUseException(dir));
            assertThat(analysis.getDescription()).contains("already running").contains(dir.toString());
            assertThat(analysis.getAction()).contains("spring.datasource.url");
        }
        assertThat(Files.exists(dir.resolve("postgres"))).isFalse();
    }

    @Test
    void anExternalDatasourceLeavesTheEmbeddedDatabaseOff(@TempDir Path dir) {
        MockEnvironment env = new MockEnvironment().withProperty("zhian.embedded-db.data-dir", dir.toString())
                .withProperty("spring.datasource.url", "jdbc:postgresql://db.example:5432/zhian");
        new EmbeddedDatabase().postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db.example:5432/zhian");
        assertThat(env.getProperty("zhian.embedded-db.active")).isNull();
        assertThat(dir.resolve("zhian.lock")).doesNotExist();
        assertThat(new StandardEnvironment()).isNotNull();
    }
}
