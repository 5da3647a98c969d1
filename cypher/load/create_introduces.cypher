// Create the INTRODUCES of a batch of papers, like create_mentions.cypher.
// params: $rows (list of [paper element id, [[entity element id, rule, surface, extra], ...]])
UNWIND $rows AS row
MATCH (p:Paper)
WHERE elementId(p) = row[0]
UNWIND row[1] AS link
MATCH (e:Entity)
WHERE elementId(e) = link[0]
CREATE (p)-[r:INTRODUCES {rule: link[1], surface: link[2]}]->(e)
// Any further attributes (null when there are none, the usual case: no SET then).
FOREACH (extra IN CASE WHEN link[3] IS NULL THEN [] ELSE [link[3]] END | SET r += extra)
