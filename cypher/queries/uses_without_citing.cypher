// Uses X but does not cite the paper that introduced X: corpus papers that MENTION an
// entity without a CITES to any paper that INTRODUCES it (the entity must have an
// introducer in the graph). By default only papers whose references are known (at least
// one CITES) are listed: a paper without a reference list cites nothing we can see.
// params: $name (string), $limit (int, default 50), $with_references (bool, default true)
MATCH (e:Entity)
WHERE e.id = $name OR toLower(e.name) = toLower($name)
   OR any(alias IN e.aliases WHERE toLower(alias) = toLower($name))
WITH e ORDER BY e.paper_count DESC, e.id LIMIT 1
WITH e, COLLECT { MATCH (origin:Paper)-[:INTRODUCES]->(e) RETURN origin.id ORDER BY origin.id } AS introducers
WHERE size(introducers) > 0
MATCH (p:Paper)-[m:MENTIONS]->(e)
WHERE coalesce(p.referenced_only, false) = false
  AND NOT p.id IN introducers
  AND NOT EXISTS { (p)-[:CITES]->(:Paper)-[:INTRODUCES]->(e) }
WITH e, introducers, p, m, COUNT { (p)-[:CITES]->(:Paper) } AS references
WHERE references > 0 OR NOT coalesce($with_references, true)
RETURN e.name AS entity, introducers, p.id AS paper, p.title AS title, p.year AS year,
       m.count AS mentions, references
ORDER BY paper
LIMIT toInteger(coalesce($limit, 50))
