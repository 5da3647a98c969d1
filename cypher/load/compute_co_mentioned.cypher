// Compute, without writing, the CO_MENTIONED pairs that start at a batch of entities from
// the MENTIONS in the database: the weight of (a)-[:CO_MENTIONED]->(b), a.id < b.id, is the
// number of papers that mention both. The loader compares them with the pairs in the
// database (load/read_co_mentioned.cypher) and writes only the differences.
// params: $entities (list of entity element ids)
UNWIND $entities AS eid
MATCH (a:Entity)
WHERE elementId(a) = eid
CALL {
  WITH a
  MATCH (a)<-[:MENTIONS]-(p:Paper)-[:MENTIONS]->(b:Entity)
  WHERE b.id > a.id
  // DISTINCT: a paper counts once even if an old database holds a MENTIONS twice.
  WITH b, count(DISTINCT p) AS weight
  RETURN collect([elementId(b), weight]) AS pairs
}
RETURN eid, pairs
