// Strongest co-mentioned pairs: the entities most often named by the same papers.
// params: $limit (int, default 25), $min_weight (int, default 2)
MATCH (a:Entity)-[r:CO_MENTIONED]->(b:Entity)
WHERE r.weight >= toInteger(coalesce($min_weight, 2))
RETURN a.name AS entity_a, a.type AS type_a, b.name AS entity_b, b.type AS type_b,
       r.weight AS papers, r.association_strength AS association_strength
ORDER BY papers DESC, association_strength DESC, entity_a, entity_b
LIMIT toInteger(coalesce($limit, 25))
