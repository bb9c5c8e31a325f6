package io.zhian.bench;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;

/**
 * Pairwise precision / recall of a predicted partition against ground truth, and partition equality.
 * A pair of cases is "predicted" if both are in one predicted cluster, "true" if both are in one true gang
 * (a singleton is a gang of its own). Precision = true predicted pairs / predicted pairs; recall = true
 * predicted pairs / true pairs. Counted exactly from cluster sizes (Σ C(n,2)), not by enumerating pairs.
 */
public final class PairMetrics {
    public final long predictedPairs;
    public final long truePairs;
    public final long correctPairs;

    private PairMetrics(long predictedPairs, long truePairs, long correctPairs) {
        this.predictedPairs = predictedPairs;
        this.truePairs = truePairs;
        this.correctPairs = correctPairs;
    }

    /**
     * @param predicted cluster label per case (any int; equal labels = same cluster)
     * @param truth     true gang per case, negative = singleton
     */
    public static PairMetrics of(int[] predicted, int[] truth) {
        Int2IntOpenHashMap predSize = new Int2IntOpenHashMap(predicted.length);
        Int2IntOpenHashMap trueSize = new Int2IntOpenHashMap();
        Long2IntOpenHashMap cell = new Long2IntOpenHashMap(predicted.length);
        for (int i = 0; i < predicted.length; i++) {
            predSize.addTo(predicted[i], 1);
            if (truth[i] >= 0) {
                trueSize.addTo(truth[i], 1);
                cell.addTo(((long) predicted[i] << 32) | (truth[i] & 0xffffffffL), 1);
            }
        }
        return new PairMetrics(pairs(predSize.values().toIntArray()), pairs(trueSize.values().toIntArray()),
                pairs(cell.values().toIntArray()));
    }

    private static long pairs(int[] sizes) {
        long p = 0;
        for (int s : sizes) {
            p += (long) s * (s - 1) / 2;
        }
        return p;
    }

    public double precision() {
        return predictedPairs == 0 ? 1 : (double) correctPairs / predictedPairs;
    }

    public double recall() {
        return truePairs == 0 ? 1 : (double) correctPairs / truePairs;
    }

    /** Whether two labelings describe the same partition (a bijection between labels). */
    public static boolean samePartition(int[] a, int[] b) {
        if (a.length != b.length) {
            return false;
        }
        Int2IntOpenHashMap ab = new Int2IntOpenHashMap(a.length);
        Int2IntOpenHashMap ba = new Int2IntOpenHashMap(a.length);
        ab.defaultReturnValue(Integer.MIN_VALUE);
        ba.defaultReturnValue(Integer.MIN_VALUE);
        for (int i = 0; i < a.length; i++) {
            int x = ab.putIfAbsent(a[i], b[i]);
            if (x != Integer.MIN_VALUE && x != b[i]) {
                return false;
            }
            int y = ba.putIfAbsent(b[i], a[i]);
            if (y != Integer.MIN_VALUE && y != a[i]) {
                return false;
            }
        }
        return true;
    }

    /** Number of clusters (distinct labels). */
    public static int clusters(int[] labels) {
        Int2LongOpenHashMap m = new Int2LongOpenHashMap(labels.length);
        for (int l : labels) {
            m.put(l, 0);
        }
        return m.size();
    }

    @Override
    public String toString() {
        return String.format("precision %.4f, recall %.4f (predicted pairs %,d, true pairs %,d, correct %,d)",
                precision(), recall(), predictedPairs, truePairs, correctPairs);
    }
}
