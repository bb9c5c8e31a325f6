package io.zhian.linking;

import it.unimi.dsi.fastutil.ints.IntArrayList;

/**
 * Articulation points of one connected graph, found with an iterative Tarjan DFS (explicit stack,
 * no recursion, so a series with a million members cannot overflow the thread stack).
 *
 * <p>Nodes {@code 0..caseNodes-1} are cases and count towards part sizes; higher nodes are
 * identifier nodes. The graph is given as CSR adjacency ({@code offsets}, {@code targets}).
 */
final class BridgeFinder {
    private BridgeFinder() {
    }

    /**
     * @return for each node: null if it is not an articulation point, else the case counts of the
     * parts the graph falls into when the node is removed (unsorted)
     */
    static IntArrayList[] articulationParts(int nodeCount, int caseNodes, int[] offsets, int[] targets) {
        IntArrayList[] parts = new IntArrayList[nodeCount];
        if (nodeCount == 0) {
            return parts;
        }
        int[] disc = new int[nodeCount];
        int[] low = new int[nodeCount];
        int[] sub = new int[nodeCount]; // case nodes in DFS subtree
        int[] iter = new int[nodeCount];
        int[] parent = new int[nodeCount];
        int[] stack = new int[nodeCount];
        java.util.Arrays.fill(disc, -1);
        int time = 0;
        int root = 0;
        int rootChildren = 0;
        int sp = 0;
        stack[sp++] = root;
        parent[root] = -1;
        disc[root] = low[root] = time++;
        sub[root] = root < caseNodes ? 1 : 0;
        iter[root] = offsets[root];
        while (sp > 0) {
            int v = stack[sp - 1];
            if (iter[v] < offsets[v + 1]) {
                int w = targets[iter[v]++];
                if (disc[w] == -1) {
                    parent[w] = v;
                    disc[w] = low[w] = time++;
                    sub[w] = w < caseNodes ? 1 : 0;
                    iter[w] = offsets[w];
                    stack[sp++] = w;
                    if (v == root) {
                        rootChildren++;
                    }
                } else if (disc[w] < low[v]) {
                    low[v] = disc[w];
                }
            } else {
                sp--;
                int p = parent[v];
                if (p >= 0) {
                    if (low[v] < low[p]) {
                        low[p] = low[v];
                    }
                    sub[p] += sub[v];
                    if (low[v] >= disc[p]) { // v's subtree hangs on p only
                        if (parts[p] == null) {
                            parts[p] = new IntArrayList(2);
                        }
                        parts[p].add(sub[v]);
                    }
                }
            }
        }
        int totalCases = sub[root];
        for (int v = 0; v < nodeCount; v++) {
            if (parts[v] == null) {
                continue;
            }
            if (v == root) {
                if (rootChildren < 2) {
                    parts[v] = null;
                }
                continue;
            }
            int separated = 0;
            for (int i = 0; i < parts[v].size(); i++) {
                separated += parts[v].getInt(i);
            }
            int rest = totalCases - separated - (v < caseNodes ? 1 : 0);
            if (rest > 0) {
                parts[v].add(rest);
            }
        }
        // drop "parts" that carry no case at all (an identifier leaf hanging off a case)
        for (int v = 0; v < nodeCount; v++) {
            if (parts[v] == null) {
                continue;
            }
            parts[v].removeIf(x -> x == 0);
            if (parts[v].size() < 2) {
                parts[v] = null;
            }
        }
        return parts;
    }
}
