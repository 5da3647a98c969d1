// Remove the marks of load/mark_pending.cypher once the pairs, counts, types and
// association strengths they asked for are written: the last writes of a load. Run until it
// returns 0, $limit papers per transaction so that the transaction state stays small.
// params: $limit (int)
MATCH (p:Paper)
WHERE p.pairs_pending IS NOT NULL
WITH p
LIMIT $limit
REMOVE p.pairs_pending
RETURN count(p) AS cleared
