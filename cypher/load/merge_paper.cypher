// Merge one batch of papers.
// params: $rows (list of [id, props, sources, record]); id the node's id (an existing
//         node found by a shared id kind keeps its own, graphbuild/neo4j/identity.py);
//         props a map of the paper's attributes (id values the node has already left
//         out); sources a sorted list of `file:line`; record false for a stub (a work
//         known only from a reference list: `referenced_only`).
UNWIND $rows AS row
MERGE (p:Paper {id: row[0]})
// Plain attributes: the latest load wins; an optional one absent from this load keeps its
// value. A stub's row onto a full paper holds only what the paper lacks (identity.py).
SET p += row[1]
// A full record makes a stub a full paper: the flag goes, title and abstract came above.
FOREACH (_ IN CASE WHEN row[3] THEN [1] ELSE [] END | REMOVE p.referenced_only)
// `sources` is the union over all loads, kept sorted so that a reload changes nothing.
SET p.sources = CASE
  WHEN p.sources IS NULL THEN row[2]
  ELSE COLLECT { UNWIND p.sources + row[2] AS s WITH DISTINCT s ORDER BY s RETURN s }
END
// One record per batch: unpacking one list is cheaper than a record per row. The element id
// lets the relationship statements skip the index lookup; `linked` says whether the paper
// has old MENTIONS/INTRODUCES to read and replace.
RETURN collect([row[0], elementId(p), EXISTS { (p)-[:MENTIONS|INTRODUCES]->() }]) AS nodes
