// The entities each already-linked paper mentions before this load replaces its links.
// params: $papers (list of paper element ids)
UNWIND $papers AS eid
MATCH (p:Paper)-[:MENTIONS]->(e:Entity)
WHERE elementId(p) = eid
RETURN eid, collect(e.id) AS entities
