// Papers that name an entity, those naming it most (and in their title) first.
// params: $name (string), $limit (int, default 25)
MATCH (e:Entity)
WHERE e.id = $name OR toLower(e.name) = toLower($name)
   OR any(alias IN e.aliases WHERE toLower(alias) = toLower($name))
WITH e ORDER BY e.paper_count DESC LIMIT 1
MATCH (p:Paper)-[m:MENTIONS]->(e)
RETURN e.name AS entity, p.title AS title, p.id AS paper, m.count AS mentions,
       m.in_title AS in_title, m.surfaces AS surfaces
ORDER BY in_title DESC, mentions DESC, title
LIMIT toInteger(coalesce($limit, 25))
