package io.zhian.gb28181;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CatalogAssemblerTest {

    private final GbDeviceId nvr = GbDeviceId.parse("34020000001180000001");
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<CatalogResult> finished = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private static ManscdpDocument packet(String sn, int sumNum, String... ids) throws Exception {
        StringBuilder xml = new StringBuilder("<Response><CmdType>Catalog</CmdType><SN>").append(sn)
                .append("</SN><DeviceID>34020000001180000001</DeviceID><SumNum>").append(sumNum)
                .append("</SumNum><DeviceList Num=\"").append(ids.length).append("\">");
        for (String id : ids) {
            xml.append("<Item><DeviceID>").append(id).append("</DeviceID><Name>通道").append(id.substring(17))
                    .append("</Name></Item>");
        }
        xml.append("</DeviceList></Response>");
        return ManscdpDocument.parse(xml.toString().getBytes(StandardCharsets.UTF_8), null);
    }

    @Test
    void assemblesPacketsBySnAndIgnoresDuplicates() throws Exception {
        CatalogAssembler assembler = new CatalogAssembler(timer, Duration.ofSeconds(5), finished::add);
        CompletableFuture<CatalogResult> result = assembler.expect(nvr, "7");
        assembler.accept(nvr, packet("7", 3, "34020000001310000001", "34020000001310000002"));
        assembler.accept(nvr, packet("8", 1, "34020000001310000009")); // another query's packet
        assembler.accept(nvr, packet("7", 3, "34020000001310000002")); // resent packet
        assertThat(result).isNotDone();
        assembler.accept(nvr, packet("7", 3, "34020000001310000003"));
        CatalogResult catalog = result.get(1, TimeUnit.SECONDS);
        assertThat(catalog.complete()).isTrue();
        assertThat(catalog.sumNum()).isEqualTo(3);
        assertThat(catalog.entries()).extracting(CatalogEntry::name).containsExactly("通道001", "通道002", "通道003");
        assertThat(finished).hasSize(2); // SN 8 was complete on its own
        assertThat(assembler.pendingCount()).isZero();
    }

    @Test
    void timeoutYieldsIncompleteResult() throws Exception {
        CatalogAssembler assembler = new CatalogAssembler(timer, Duration.ofMillis(150), finished::add);
        CompletableFuture<CatalogResult> result = assembler.expect(nvr, "9");
        assembler.accept(nvr, packet("9", 4, "34020000001310000001", "34020000001310000002"));
        CatalogResult catalog = result.get(2, TimeUnit.SECONDS);
        assertThat(catalog.complete()).isFalse();
        assertThat(catalog.sumNum()).isEqualTo(4);
        assertThat(catalog.entries()).hasSize(2);
        assertThat(finished).containsExactly(catalog);
    }

    @Test
    void emptyCatalogCompletesImmediately() throws Exception {
        CatalogAssembler assembler = new CatalogAssembler(timer, Duration.ofSeconds(5), finished::add);
        CompletableFuture<CatalogResult> result = assembler.expect(nvr, "10");
        assembler.accept(nvr, packet("10", 0));
        assertThat(result.get(1, TimeUnit.SECONDS).entries()).isEmpty();
        assertThat(result.get().complete()).isTrue();
    }
}
