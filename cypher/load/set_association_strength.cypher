// Write recomputed association strengths (only the pairs whose value changed are sent).
// params: $rows (list of [start element id, [[end element id, association_strength], ...]])
UNWIND $rows AS row
MATCH (a:Entity)
WHERE elementId(a) = row[0]
UNWIND row[1] AS link
MATCH (b:Entity)
WHERE elementId(b) = link[0]
MATCH (a)-[r:CO_MENTIONED]->(b)
SET r.association_strength = link[1]
