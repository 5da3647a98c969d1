// Every entity, as load/read_pending.cypher returns the entities of marked papers: after a
// first load was cut short (load/read_state.cypher), the pairs, counts and type of all of
// them are recomputed from the MENTIONS in the database.
// params: none
MATCH (e:Entity)
RETURN e.id AS id, elementId(e) AS eid, COUNT { (e)<-[:MENTIONS]-(:Paper) } AS papers
ORDER BY id
