// Merge one batch of :Author nodes: the people of the citation layer (WROTE).
// params: $rows (list of [id, props]); id the node's id (an existing node found by a
//         shared id kind keeps its own, graphbuild/neo4j/identity.py); props its
//         attributes without paper_count (load/citation_counts.cypher) and without the id
//         values the node has already.
UNWIND $rows AS row
MERGE (a:Author {id: row[0]})
// The latest load wins; an attribute absent from this load keeps its value.
SET a += row[1]
RETURN collect([row[0], elementId(a)]) AS nodes
