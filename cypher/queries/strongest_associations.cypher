// Pairs that go together more than their popularity predicts (VOSviewer association
// strength), among pairs named together by at least $min_weight papers.
// params: $limit (int, default 25), $min_weight (int, default 3)
MATCH (a:Entity)-[r:CO_MENTIONED]->(b:Entity)
WHERE r.weight >= toInteger(coalesce($min_weight, 3))
RETURN a.name AS entity_a, a.type AS type_a, b.name AS entity_b, b.type AS type_b,
       r.association_strength AS association_strength, r.weight AS papers
ORDER BY association_strength DESC, papers DESC, entity_a, entity_b
LIMIT toInteger(coalesce($limit, 25))
