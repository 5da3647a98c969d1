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
  // No labels on p and b on purpose (MENTIONS always goes from a paper to an entity): the
  // only plan left expands from a. With labels, a plan cached while the database was
  // nearly empty may scan all papers or seek b on the Entity.id index for every a, and
  // exhaust the server's transaction memory on a big load.
  MATCH (a)<-[:MENTIONS]-(p)-[:MENTIONS]->(b)
  WHERE b.id > a.id
  // DISTINCT: a paper counts once even if an old database holds a MENTIONS twice.
  WITH b, count(DISTINCT p) AS weight
  RETURN collect([elementId(b), weight]) AS pairs
}
RETURN eid, pairs
