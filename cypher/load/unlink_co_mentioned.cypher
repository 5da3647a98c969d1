// Take a paper out of the evidence of pairs it no longer supports (its mentions changed),
// in the same transaction as the replacement of its MENTIONS, so that `papers` never names
// a paper that does not mention both ends. A pair left with no paper is deleted.
// params: $rows (list of [start entity id, end entity id, paper id]); start id < end id.
UNWIND $rows AS row
MATCH (a:Entity {id: row[0]})-[r:CO_MENTIONED]->(b:Entity {id: row[1]})
SET r.papers = [x IN r.papers WHERE x <> row[2]]
SET r.weight = size(r.papers)
WITH r
WHERE r.weight = 0
DELETE r
