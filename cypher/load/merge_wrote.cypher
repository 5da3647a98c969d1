// Merge the WROTE of a batch of authors: one per author and paper, whatever the loads; the
// position in the author list is the latest load's.
// params: $rows (list of [author element id, [[paper element id, position, extra], ...]]);
//         extra a map of further attributes, or null.
UNWIND $rows AS row
MATCH (a:Author)
WHERE elementId(a) = row[0]
UNWIND row[1] AS link
MATCH (p:Paper)
WHERE elementId(p) = link[0]
MERGE (a)-[r:WROTE]->(p)
SET r.position = link[1]
FOREACH (extra IN CASE WHEN link[2] IS NULL THEN [] ELSE [link[2]] END | SET r += extra)
