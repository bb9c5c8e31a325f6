package io.zhian.bench;

import io.zhian.linking.IdentifierNormalizer;
import io.zhian.linking.IdentifierType;
import io.zhian.linking.NormalizedIdentifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/** JMH micro-benchmark of normalisation (the per-identifier cost inside every add). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class NormalizationBenchmark {

    @Benchmark
    public NormalizedIdentifier phone() {
        return IdentifierNormalizer.normalize(IdentifierType.PHONE, "+86 138-0000-0001");
    }

    @Benchmark
    public NormalizedIdentifier url() {
        return IdentifierNormalizer.normalize(IdentifierType.URL, "https://www.pay.fake-site.com.cn:8443/login?id=1");
    }

    @Benchmark
    public NormalizedIdentifier ipv6() {
        return IdentifierNormalizer.normalize(IdentifierType.IP, "2001:0db8:0000:0000:0000:0000:0000:0001");
    }
}
