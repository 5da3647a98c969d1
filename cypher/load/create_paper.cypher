// Create one batch of papers in a first load (load/read_state.cypher found no graphbuild
// node, and the load lock keeps it so): CREATE, with no index lookup, no read of what
// exists and no Eager step in the plan. The same node as load/merge_paper.cypher makes from
// nothing: `referenced_only` only on a stub (the loader leaves a record's out of props).
// If the load is cut short, the next one merges (the database is no longer empty).
// params: $rows (list of [id, props, sources]); props a map of the paper's attributes,
//         sources a sorted list of `file:line`.
UNWIND $rows AS row
CREATE (p:Paper {id: row[0], sources: row[2]})
SET p += row[1]
RETURN collect([row[0], elementId(p)]) AS nodes
