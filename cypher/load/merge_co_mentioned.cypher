// Merge CO_MENTIONED pairs that may already exist. `papers` is a set (sorted list) of paper
// ids: the union with this load's papers counts a paper loaded again only once, and the
// weight is its size. One row per start entity with its list of targets.
// params: $rows (list of [entity element id, [[entity element id, papers, extra], ...]]);
//         start id < end id, papers sorted.
UNWIND $rows AS row
MATCH (a:Entity)
WHERE elementId(a) = row[0]
UNWIND row[1] AS link
MATCH (b:Entity)
WHERE elementId(b) = link[0]
MERGE (a)-[r:CO_MENTIONED]->(b)
// Any further attributes (null when there are none, the usual case: no SET then).
FOREACH (extra IN CASE WHEN link[2] IS NULL THEN [] ELSE [link[2]] END | SET r += extra)
SET r.papers = CASE
  WHEN r.papers IS NULL THEN link[1]
  ELSE COLLECT { UNWIND r.papers + link[1] AS x WITH DISTINCT x ORDER BY x RETURN x }
END
SET r.weight = size(r.papers)
