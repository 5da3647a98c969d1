// Merge the inferred DRAWS_ON of a batch of papers: the paper mentions an entity that an
// earlier paper of the corpus INTRODUCES (graphbuild/citation_graph.py). Not a citation:
// its own type, and `inferred: true` on every one, so that no citation count includes it.
// `entities` (the evidence) is the sorted union over all loads.
// params: $rows (list of [paper element id, [[introducing paper element id, entities,
//         extra], ...]]); extra a map of further attributes, or null.
UNWIND $rows AS row
MATCH (a:Paper)
WHERE elementId(a) = row[0]
UNWIND row[1] AS link
MATCH (b:Paper)
WHERE elementId(b) = link[0]
MERGE (a)-[r:DRAWS_ON]->(b)
SET r.inferred = true,
    r.entities = CASE
      WHEN r.entities IS NULL THEN link[1]
      ELSE COLLECT { UNWIND r.entities + link[1] AS e WITH DISTINCT e ORDER BY e RETURN e }
    END
FOREACH (extra IN CASE WHEN link[2] IS NULL THEN [] ELSE [link[2]] END | SET r += extra)
