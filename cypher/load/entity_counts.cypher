// Recompute paper_count and mention_count from the MENTIONS in the database (not from the
// loaded graph), so that they stay right across incremental loads.
// params: $entities (list of entity ids)
UNWIND $entities AS id
MATCH (e:Entity {id: id})
WITH e, [(e)<-[m:MENTIONS]-(:Paper) | m.count] AS counts
SET e.paper_count = size(counts),
    e.mention_count = reduce(total = 0, c IN counts | total + coalesce(c, 0))
