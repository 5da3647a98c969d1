// Papers citing the paper that introduced an entity: who cites the origin of a model,
// dataset or method, and whether they also name the entity. CITES only.
// params: $name (string), $limit (int, default 50)
MATCH (e:Entity)
WHERE e.id = $name OR toLower(e.name) = toLower($name)
   OR any(alias IN e.aliases WHERE toLower(alias) = toLower($name))
WITH e ORDER BY e.paper_count DESC, e.id LIMIT 1
MATCH (origin:Paper)-[:INTRODUCES]->(e)
MATCH (citing:Paper)-[:CITES]->(origin)
RETURN e.name AS entity, origin.id AS introduced_by, origin.title AS introducer_title,
       citing.id AS paper, citing.title AS title, citing.year AS year,
       EXISTS { (citing)-[:MENTIONS]->(e) } AS names_entity
ORDER BY introduced_by, paper
LIMIT toInteger(coalesce($limit, 50))
