package io.zhian.linking;

import java.util.List;

/**
 * Series id history: merges and splits, so an analyst who bookmarked series 42 can find out
 * where its cases went.
 *
 * @param sequence  monotonically increasing event number
 * @param kind      MERGE or SPLIT
 * @param seriesId  MERGE: surviving id; SPLIT: the id that was split (kept by its largest part)
 * @param otherIds  MERGE: ids absorbed into the survivor; SPLIT: new ids given to the other parts
 * @param partSizes SPLIT: case counts of the parts, kept part first; MERGE: sizes of survivor and absorbed series before the merge
 * @param cause     what triggered it (case added, hub change, analyst decision, case removed ...)
 */
public record SeriesEvent(long sequence, Kind kind, long seriesId, List<Long> otherIds, List<Integer> partSizes,
                          String cause) {
    public enum Kind { MERGE, SPLIT }

    public SeriesEvent {
        otherIds = List.copyOf(otherIds);
        partSizes = List.copyOf(partSizes);
    }
}
