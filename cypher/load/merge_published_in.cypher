// Merge the PUBLISHED_IN of a batch of papers: one per paper and venue, whatever the loads.
// params: $rows (list of [paper element id, [[venue element id, extra], ...]]); extra a map
//         of further attributes, or null.
UNWIND $rows AS row
MATCH (p:Paper)
WHERE elementId(p) = row[0]
UNWIND row[1] AS link
MATCH (v:Venue)
WHERE elementId(v) = link[0]
MERGE (p)-[r:PUBLISHED_IN]->(v)
FOREACH (extra IN CASE WHEN link[1] IS NULL THEN [] ELSE [link[1]] END | SET r += extra)
