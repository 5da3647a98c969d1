// neo4j-admin reads an empty field as no property, so the import files number each node's
// empty values (graphbuild.formats.neo4j_csv, as_loaded): give them the values the driver
// loader writes (e.g. aliases: []) and drop the number. Run once, right after the import.
// params: $values (list of maps; a node's graphbuild_empty is an index into it)
MATCH (n)
WHERE n.graphbuild_empty IS NOT NULL
CALL (n) {
  SET n += $values[n.graphbuild_empty]
  REMOVE n.graphbuild_empty
} IN TRANSACTIONS OF 10000 ROWS
