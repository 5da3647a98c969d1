// The evidence behind a co-mention: papers that name both entities.
// params: $a (string), $b (string), $limit (int, default 25)
MATCH (x:Entity)
WHERE x.id = $a OR toLower(x.name) = toLower($a)
   OR any(alias IN x.aliases WHERE toLower(alias) = toLower($a))
WITH x ORDER BY x.paper_count DESC LIMIT 1
MATCH (y:Entity)
WHERE y.id = $b OR toLower(y.name) = toLower($b)
   OR any(alias IN y.aliases WHERE toLower(alias) = toLower($b))
WITH x, y ORDER BY y.paper_count DESC LIMIT 1
MATCH (x)<-[mx:MENTIONS]-(p:Paper)-[my:MENTIONS]->(y)
RETURN x.name AS entity_a, y.name AS entity_b, p.title AS title, p.id AS paper,
       mx.count + my.count AS mentions
ORDER BY mentions DESC, title
LIMIT toInteger(coalesce($limit, 25))
