// As set_empty_nodes.cypher, for relationships (e.g. MENTIONS surfaces: []).
// params: $values (list of maps; a relationship's graphbuild_empty is an index into it)
MATCH ()-[r]->()
WHERE r.graphbuild_empty IS NOT NULL
CALL (r) {
  SET r += $values[r.graphbuild_empty]
  REMOVE r.graphbuild_empty
} IN TRANSACTIONS OF 10000 ROWS
