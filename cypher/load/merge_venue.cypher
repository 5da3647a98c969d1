// Merge one batch of :Venue nodes: the journals, conferences and repositories of the
// citation layer (PUBLISHED_IN).
// params: $rows (list of [id, props]); id the node's id (an existing node found by a
//         shared id kind keeps its own, graphbuild/neo4j/identity.py); props its
//         attributes without paper_count (load/citation_counts.cypher) and without the id
//         values the node has already.
UNWIND $rows AS row
MERGE (v:Venue {id: row[0]})
// The latest load wins; an attribute absent from this load keeps its value.
SET v += row[1]
RETURN collect([row[0], elementId(v)]) AS nodes
