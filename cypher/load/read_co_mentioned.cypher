// Every CO_MENTIONED pair with its weight and current association strength, grouped by
// start entity, for the global recompute of association strength after an incremental load.
// params: none
MATCH (a:Entity)-[r:CO_MENTIONED]->(b:Entity)
RETURN elementId(a) AS a, collect([elementId(b), r.weight, r.association_strength]) AS pairs
