// Every graphbuild relationship with its type, end ids and properties, for snapshots.
// params: none
MATCH (a)-[r:MENTIONS|INTRODUCES|CO_MENTIONED|CITES|WROTE|PUBLISHED_IN|DRAWS_ON]->(b)
RETURN type(r) AS type, a.id AS start, b.id AS end, properties(r) AS props
