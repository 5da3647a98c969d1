// Merge the CITES of a batch of citing papers: one row per citing paper with its cited
// papers (stubs `referenced_only` included), matched by the element ids the node merges
// returned. MERGE, not CREATE: citations accumulate over loads (a stub's build knows none
// of a paper's references, so nothing is ever replaced or deleted here); the sources that
// give a citation are the sorted union over all loads, so a reload changes nothing.
// Inferred links are DRAWS_ON (load/merge_draws_on.cypher), never CITES.
// params: $rows (list of [citing paper element id, [[cited paper element id,
//         citation_sources, extra], ...]]); extra a map of further attributes, or null.
UNWIND $rows AS row
MATCH (a:Paper)
WHERE elementId(a) = row[0]
UNWIND row[1] AS link
MATCH (b:Paper)
WHERE elementId(b) = link[0]
MERGE (a)-[r:CITES]->(b)
SET r.citation_sources = CASE
  WHEN r.citation_sources IS NULL THEN link[1]
  ELSE COLLECT { UNWIND r.citation_sources + link[1] AS s WITH DISTINCT s ORDER BY s RETURN s }
END
FOREACH (extra IN CASE WHEN link[2] IS NULL THEN [] ELSE [link[2]] END | SET r += extra)
