// Every CO_MENTIONED pair with its weight, association strength and element id, grouped by
// start entity: association strength depends on the totals of the whole graph, so it is
// recomputed for every pair after the pairs of a load are known.
// params: none
MATCH (a:Entity)-[r:CO_MENTIONED]->(b:Entity)
RETURN elementId(a) AS a,
       collect([elementId(b), r.weight, r.association_strength, elementId(r)]) AS pairs
