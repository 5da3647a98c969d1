// What is in the database: the number of nodes per label and relationships per type
// (graphbuild's own nodes: papers, entities, authors and venues, not the node of the
// load lock).
// params: none
CALL {
  MATCH (n)
  WHERE n:Paper OR n:Entity OR n:Author OR n:Venue
  UNWIND labels(n) AS name
  RETURN 'node' AS kind, name, count(*) AS count
  UNION ALL
  MATCH ()-[r]->()
  RETURN 'relationship' AS kind, type(r) AS name, count(*) AS count
}
RETURN kind, name, count
ORDER BY kind, name
