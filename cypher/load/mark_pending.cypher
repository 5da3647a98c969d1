// Mark papers whose links were just replaced: their CO_MENTIONED pairs, entity counts and
// types are recomputed from MENTIONS later in the load (load/read_pending.cypher), and the
// mark is removed only then (load/clear_pending.cypher). Written in the same transaction as
// the links, so a load killed in between leaves marks that the next load of anything
// completes. `pairs_pending` lists the entities the paper no longer mentions (their pairs
// may have to be deleted); it accumulates until cleared.
// params: $rows (list of [paper element id, [entity ids the paper no longer mentions]])
UNWIND $rows AS row
MATCH (p:Paper)
WHERE elementId(p) = row[0]
SET p.pairs_pending = coalesce(p.pairs_pending, []) + row[1]
