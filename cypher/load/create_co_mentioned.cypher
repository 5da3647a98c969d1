// Create the CO_MENTIONED pairs the database does not have yet (the loader has just read
// them all, and loads are serialised, so CREATE cannot duplicate one). A pair stores its
// weight and association strength, plus any further attribute the graph gives it (e.g. the
// analysis' npmi): nothing that grows with the corpus.
// params: $rows (list of [start entity element id, [[end entity element id, weight,
//         association_strength, extra or null], ...]])
UNWIND $rows AS row
MATCH (a:Entity)
WHERE elementId(a) = row[0]
UNWIND row[1] AS link
MATCH (b:Entity)
WHERE elementId(b) = link[0]
CREATE (a)-[r:CO_MENTIONED {weight: link[1], association_strength: link[2]}]->(b)
// Any further attributes (null when there are none, the usual case: no SET then).
FOREACH (extra IN CASE WHEN link[3] IS NULL THEN [] ELSE [link[3]] END | SET r += extra)
