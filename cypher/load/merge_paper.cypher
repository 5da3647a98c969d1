// Merge one batch of papers.
// params: $rows (list of [id, props, sources]); props a map of the paper's attributes,
//         sources a sorted list of `file:line`.
UNWIND $rows AS row
MERGE (p:Paper {id: row[0]})
// Plain attributes: the latest load wins; an optional one absent from this load keeps its value.
SET p += row[1]
// `sources` is the union over all loads, kept sorted so that a reload changes nothing.
SET p.sources = CASE
  WHEN p.sources IS NULL THEN row[2]
  ELSE COLLECT { UNWIND p.sources + row[2] AS s WITH DISTINCT s ORDER BY s RETURN s }
END
// One record per batch: unpacking one list is cheaper than a record per row. The element id
// lets the relationship statements skip the index lookup; `linked` says whether the paper
// has old MENTIONS/INTRODUCES to read and replace.
RETURN collect([row[0], elementId(p), EXISTS { (p)-[:MENTIONS|INTRODUCES]->() }]) AS nodes
