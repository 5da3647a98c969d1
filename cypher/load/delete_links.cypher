// Drop the MENTIONS and INTRODUCES of papers about to be written again: links are per paper
// and replaced per paper, so the CREATE that follows in the same transaction cannot duplicate.
// params: $papers (list of paper element ids)
UNWIND $papers AS eid
MATCH (p:Paper)-[r:MENTIONS|INTRODUCES]->()
WHERE elementId(p) = eid
DELETE r
