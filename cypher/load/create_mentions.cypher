// Create the MENTIONS of a batch of papers: one row per paper with its list of targets, so
// each paper is looked up once; nodes are matched by the element ids the node merges
// returned. CREATE, not MERGE: the papers are new, or delete_links.cypher removed their old
// links in the same transaction, and loads are serialised (take_lock.cypher), so replaying
// the batch gives the same result. `typed_as` is the type the paper gives the entity (the
// entity's type is the majority of these, load/entity_counts.cypher).
// params: $rows (list of [paper element id, [[entity element id, count, in_title, surfaces,
//         spans, typed_as, extra], ...]]); extra is a map of any further attributes, or null.
UNWIND $rows AS row
MATCH (p:Paper)
WHERE elementId(p) = row[0]
UNWIND row[1] AS link
MATCH (e:Entity)
WHERE elementId(e) = link[0]
CREATE (p)-[r:MENTIONS {count: link[1], in_title: link[2], surfaces: link[3], spans: link[4], typed_as: link[5]}]->(e)
// Any further attributes (null when there are none, the usual case: no SET then).
FOREACH (extra IN CASE WHEN link[6] IS NULL THEN [] ELSE [link[6]] END | SET r += extra)
