"""Reports grouped into claims by average linkage over the scored pairs: one loose pair cannot chain two
propositions together, and a document carries a claim once."""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Sequence

from graph.resolve.claims.pairs import Pairs
from graph.resolve.claims.rules import MergeRules


class Clusters:
    """Average-linkage grouping over the candidate pairs.

    The pairs are taken best first; two groups join when the mean similarity over all their
    cross pairs reaches the threshold. Only candidate pairs have a similarity (any other pair
    shares nothing rare, and counts as 0), and the sums between groups are kept up to date as
    groups join, so each test costs one look-up, not a pass over both groups' members."""

    def __init__(self, doc_ids: Sequence[str], rules: MergeRules, pairs: Pairs,
                 twins: Sequence[int] | None = None):
        self.rules = rules
        # twins[i]: the first of the reports with exactly i's features (reprints of one sentence), whose
        # similarities stand for all of them. Twins start as one group.
        twins = twins if twins is not None else range(len(doc_ids))
        self.parent = array("q", twins)
        self.members: dict[int, array] = defaultdict(lambda: array("q"))  # (8 bytes a report, not 36)
        for i, rep in enumerate(twins):
            self.members[rep].append(i)
        self.members = dict(self.members)
        self.docs: dict[int, set[str]] = {rep: {doc_ids[i] for i in m} for rep, m in self.members.items()}
        self.pairs = pairs
        self.edges: dict[tuple[int, int], float] | None = None  # after settle(): the pairs within a group
        self.root = array("q")  # after settle(): each report's group
        self.link: dict[int, dict[int, float]] = defaultdict(dict)  # group → neighbour group → summed similarity
        numbers: dict[int, int] = {}  # one int object per report for the keys (not two per pair)
        sizes = {rep: len(m) for rep, m in self.members.items()}
        for score, i, j in pairs:
            i, j = numbers.setdefault(i, i), numbers.setdefault(j, j)
            weight = score * sizes[i] * sizes[j]
            self.link[i][j] = self.link[j][i] = weight

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def settle(self) -> None:
        """Merging is over: the links between groups go, the similarities within each group are kept."""
        self.link = defaultdict(dict)
        self.root = root = array("q", map(self.find, range(len(self.parent))))  # (once per report, not twice per pair)
        self.edges = {((i, j) if i < j else (j, i)): score for score, i, j in self.pairs if root[i] == root[j]}

    def closeness(self, rep: int, weight: dict[int, int]) -> float:
        """The summed similarity (after the merging) of a first copy to the reports of its group, given as
        ``weight``: each of the group's first copies → its number of reports (they stand for their reprints).
        (One expression per first copy, not a call: a group of a thousand texts asks for a million.)"""
        if self.edges is None:
            self.settle()
        edges = self.edges
        return sum(n * (1.0 if other == rep else edges.get((rep, other) if rep < other else (other, rep), 0.0))
                   for other, n in weight.items())

    def merge(self) -> None:
        """Take the pairs best first, and join the groups of each pair whose average similarity reaches the
        threshold. (Most pairs do not: their tests are made here, in the loop, not in a call per pair.)"""
        find, link, members, threshold = self.find, self.link, self.members, self.rules.threshold
        parent = self.parent
        for _, i, j in self.pairs:
            # (Most reports are a root or a root's child: that is looked up here, without a call.)
            ri, rj = parent[i], parent[j]
            if parent[ri] != ri:
                ri = find(ri)
            if parent[rj] != rj:
                rj = find(rj)
            if ri != rj and link[ri].get(rj, 0.0) / (len(members[ri]) * len(members[rj])) >= threshold:
                self._join(ri, rj)

    def _join(self, ri: int, rj: int) -> bool:
        """Join two groups (roots) whose average similarity reaches the threshold, unless they share a document."""
        if not self.docs[ri].isdisjoint(self.docs[rj]):
            return False  # one assertion per document and claim: its headline and body stay apart
        # The group with more neighbours keeps its links (and its name); the other's are folded in, so a
        # big group is not walked again on every merge. The sums are the same whichever way (a + b = b + a).
        link = self.link
        keep, gone = (ri, rj) if (len(link[ri]), -ri) >= (len(link[rj]), -rj) else (rj, ri)
        self.parent[gone] = keep
        for parts in (self.members, self.docs):
            mine, theirs = parts[keep], parts.pop(gone)
            if len(theirs) > len(mine):
                mine, theirs = theirs, mine
            if isinstance(mine, array):
                mine.extend(theirs)  # (members are sorted once, in groups())
            else:
                mine.update(theirs)
            parts[keep] = mine
        kept = link[keep]
        for other, value in link.pop(gone).items():
            theirs = link[other]
            theirs.pop(gone, None)
            if other != keep:
                theirs[keep] = kept[other] = kept.get(other, 0.0) + value
        kept.pop(keep, None)
        return True

    def groups(self) -> list[list[int]]:
        return sorted((sorted(m) for r, m in self.members.items() if self.find(r) == r), key=lambda m: m[0])
