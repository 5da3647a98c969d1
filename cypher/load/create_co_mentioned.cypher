// Create the CO_MENTIONED pairs the database does not have yet (the loader has just read
// them all, and loads are serialised, so CREATE cannot duplicate one). A pair stores its
// weight and association strength only: nothing that grows with the corpus.
// params: $rows (list of [start entity element id, [[end entity element id, weight,
//         association_strength], ...]])
UNWIND $rows AS row
MATCH (a:Entity)
WHERE elementId(a) = row[0]
UNWIND row[1] AS link
MATCH (b:Entity)
WHERE elementId(b) = link[0]
CREATE (a)-[:CO_MENTIONED {weight: link[1], association_strength: link[2]}]->(b)
