// Write the new weight and association strength of existing pairs (only those that changed,
// or that the graph gives further attributes).
// params: $rows (list of [relationship element id, weight, association_strength, extra or
//         null])
UNWIND $rows AS row
MATCH ()-[r:CO_MENTIONED]->()
WHERE elementId(r) = row[0]
SET r.weight = row[1], r.association_strength = row[2]
FOREACH (extra IN CASE WHEN row[3] IS NULL THEN [] ELSE [row[3]] END | SET r += extra)
