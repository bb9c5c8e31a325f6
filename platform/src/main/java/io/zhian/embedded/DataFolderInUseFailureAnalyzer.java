package io.zhian.embedded;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a second start on the same data folder into a plain message instead of a stack trace. */
public class DataFolderInUseFailureAnalyzer extends AbstractFailureAnalyzer<EmbeddedDatabase.DataFolderInUseException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EmbeddedDatabase.DataFolderInUseException cause) {
        return new FailureAnalysis(
                "Zhian is already running with the data folder " + cause.dataDir()
                        + " (数据目录已被另一个智安进程占用).",
                "Stop the other Zhian process, or start this one with another data folder, e.g. "
                        + "--zhian.embedded-db.data-dir=/path/to/other/data, or point it at an external "
                        + "PostgreSQL with spring.datasource.url.",
                cause);
    }
}
