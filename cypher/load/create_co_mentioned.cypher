// Create CO_MENTIONED pairs known to be new: one end had no CO_MENTIONED at all when this
// load merged its nodes. One row per start entity with its list of targets.
// association_strength is sent when the database had no pair before this load (the graph's
// totals are then the database's); otherwise it is null here and recomputed afterwards.
// params: $rows (list of [entity element id, [[entity element id, weight, papers,
//         association_strength or null, extra or null], ...]]); start id < end id.
UNWIND $rows AS row
MATCH (a:Entity)
WHERE elementId(a) = row[0]
UNWIND row[1] AS link
MATCH (b:Entity)
WHERE elementId(b) = link[0]
CREATE (a)-[r:CO_MENTIONED {weight: link[1], papers: link[2], association_strength: link[3]}]->(b)
// Any further attributes (null when there are none, the usual case: no SET then).
FOREACH (extra IN CASE WHEN link[4] IS NULL THEN [] ELSE [link[4]] END | SET r += extra)
