package io.zhian.linking;

import it.unimi.dsi.fastutil.ints.IntArrays;

/**
 * Union-find over case slots with path halving and union by size. Each set also keeps its members
 * on a circular singly linked list ({@code next}), so a component can be enumerated in O(size)
 * without a per-component collection; merging two lists is a swap of two pointers.
 */
final class DisjointSets {
    private int[] parent = new int[16];
    private int[] size = new int[16];
    private int[] next = new int[16];

    /** Grows the arrays so that slots below {@code n} need no further growth. */
    void ensureCapacity(int n) {
        if (n > parent.length) {
            int cap = Math.max(n, parent.length * 2);
            parent = IntArrays.ensureCapacity(parent, cap);
            size = IntArrays.ensureCapacity(size, cap);
            next = IntArrays.ensureCapacity(next, cap);
        }
    }

    void makeSet(int i) {
        if (i >= parent.length) {
            int n = Math.max(i + 1, parent.length * 2);
            parent = IntArrays.ensureCapacity(parent, n);
            size = IntArrays.ensureCapacity(size, n);
            next = IntArrays.ensureCapacity(next, n);
        }
        parent[i] = i;
        size[i] = 1;
        next[i] = i;
    }

    int find(int x) {
        int[] p = parent;
        while (p[x] != x) {
            p[x] = p[p[x]]; // path halving
            x = p[x];
        }
        return x;
    }

    /** Unites two distinct roots; returns the new root (the larger set's root; ties keep {@code ra}). */
    int unionRoots(int ra, int rb) {
        if (size[ra] < size[rb]) {
            int t = ra;
            ra = rb;
            rb = t;
        }
        parent[rb] = ra;
        size[ra] += size[rb];
        int t = next[ra];
        next[ra] = next[rb];
        next[rb] = t;
        return ra;
    }

    /** Unites the sets of a and b; returns the root afterwards. */
    int union(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        return ra == rb ? ra : unionRoots(ra, rb);
    }

    int sizeOfRoot(int root) {
        return size[root];
    }

    int next(int i) {
        return next[i];
    }
}
