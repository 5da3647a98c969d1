// Write the new weight and association strength of existing pairs (only those that changed).
// params: $rows (list of [relationship element id, weight, association_strength])
UNWIND $rows AS row
MATCH ()-[r:CO_MENTIONED]->()
WHERE elementId(r) = row[0]
SET r.weight = row[1], r.association_strength = row[2]
