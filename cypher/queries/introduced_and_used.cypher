// Papers that introduce an entity, then the papers that use it (name it without
// introducing it): who proposed a model or method and who picked it up.
// params: $name (string), $limit (int, default 50)
MATCH (e:Entity)
WHERE e.id = $name OR toLower(e.name) = toLower($name)
   OR any(alias IN e.aliases WHERE toLower(alias) = toLower($name))
WITH e ORDER BY e.paper_count DESC LIMIT 1
MATCH (p:Paper)-[m:MENTIONS]->(e)
OPTIONAL MATCH (p)-[i:INTRODUCES]->(e)
RETURN e.name AS entity,
       CASE WHEN i IS NULL THEN 'uses' ELSE 'introduces' END AS role,
       p.title AS title, p.id AS paper, m.count AS mentions, i.rule AS rule
ORDER BY role, mentions DESC, title
LIMIT toInteger(coalesce($limit, 50))
