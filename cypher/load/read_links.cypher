// The MENTIONS and INTRODUCES a batch of already-linked papers has before this load, with
// their properties: a paper whose links are unchanged is left alone (a reload writes
// nothing), and the entities a changed paper no longer mentions are marked for the
// recomputation of their pairs (load/mark_pending.cypher).
// params: $papers (list of paper element ids)
UNWIND $papers AS eid
MATCH (p:Paper)
WHERE elementId(p) = eid
RETURN eid,
       [(p)-[r:MENTIONS]->(e:Entity) | [e.id, properties(r)]] AS mentions,
       [(p)-[r:INTRODUCES]->(e:Entity) | [e.id, properties(r)]] AS introduces
