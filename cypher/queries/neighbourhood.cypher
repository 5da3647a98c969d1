// An entity's neighbourhood: the entities it is co-mentioned with, strongest first.
// Returns nodes and relationships, so Neo4j Browser draws it as a graph.
// params: $name (string), $limit (int, default 25), $min_weight (int, default 1)
MATCH (e:Entity)
WHERE e.id = $name OR toLower(e.name) = toLower($name)
   OR any(alias IN e.aliases WHERE toLower(alias) = toLower($name))
WITH e ORDER BY e.paper_count DESC LIMIT 1
MATCH (e)-[r:CO_MENTIONED]-(other:Entity)
WHERE r.weight >= toInteger(coalesce($min_weight, 1))
RETURN e AS entity, r AS co_mentioned, other AS neighbour
ORDER BY r.weight DESC, r.association_strength DESC, other.name
LIMIT toInteger(coalesce($limit, 25))
