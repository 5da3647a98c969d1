// The entities whose pairs, counts and type must be recomputed: those the papers marked by
// load/mark_pending.cypher mention now or mentioned before, with their number of MENTIONS
// (to size the batches of load/compute_co_mentioned.cypher).
// params: none
MATCH (p:Paper)
WHERE p.pairs_pending IS NOT NULL
UNWIND [(p)-[:MENTIONS]->(e:Entity) | e.id] + p.pairs_pending AS id
WITH DISTINCT id
MATCH (e:Entity {id: id})
RETURN id, elementId(e) AS eid, COUNT { (e)<-[:MENTIONS]-(:Paper) } AS papers
ORDER BY id
