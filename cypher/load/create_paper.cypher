// Create one batch of papers in a first load (load/read_state.cypher found no graphbuild
// node, and the load lock keeps it so): CREATE, with no index lookup, no read of what
// exists and no Eager step in the plan. The same node as load/merge_paper.cypher makes from
// nothing: `referenced_only` only on a stub (true, or null: not written).
// The usual attributes travel by position and are written by the CREATE itself (a null is
// no property): no map to send and unpack per paper, no property names to look up per row,
// and no SET after the CREATE. Any other attribute comes in `extra` (null when there is
// none, the usual case: no SET then).
// If the load is cut short, the next one merges (the database is no longer empty).
// params: $rows (list of [id, sources, title, abstract, norm_title, authors, date, year,
//         doi, arxiv_id, url, listing_date, openalex_id, referenced_only, extra]); sources
//         a sorted list of `file:line`, extra a map of the paper's other attributes or null
//         (graphbuild/neo4j/loader.py PAPER_FIELDS is this order).
UNWIND $rows AS row
CREATE (p:Paper {id: row[0], sources: row[1], title: row[2], abstract: row[3],
                 norm_title: row[4], authors: row[5], date: row[6], year: row[7],
                 doi: row[8], arxiv_id: row[9], url: row[10], listing_date: row[11],
                 openalex_id: row[12], referenced_only: row[13]})
FOREACH (extra IN CASE WHEN row[14] IS NULL THEN [] ELSE [row[14]] END | SET p += extra)
RETURN collect([row[0], elementId(p)]) AS nodes
