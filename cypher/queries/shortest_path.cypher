// The shortest chain of co-mentions between two entities (at most 6 hops), with the
// weight of each link and the title of one paper that names both ends of it (the first by
// title).
// params: $from (string), $to (string)
MATCH (a:Entity)
WHERE a.id = $from OR toLower(a.name) = toLower($from)
   OR any(alias IN a.aliases WHERE toLower(alias) = toLower($from))
WITH a ORDER BY a.paper_count DESC LIMIT 1
MATCH (b:Entity)
WHERE b.id = $to OR toLower(b.name) = toLower($to)
   OR any(alias IN b.aliases WHERE toLower(alias) = toLower($to))
WITH a, b ORDER BY b.paper_count DESC LIMIT 1
MATCH path = shortestPath((a)-[:CO_MENTIONED*..6]-(b))
RETURN [n IN nodes(path) | n.name] AS entities,
       length(path) AS hops,
       [r IN relationships(path) | r.weight] AS weights,
       [r IN relationships(path) | COLLECT {
         WITH startNode(r) AS x, endNode(r) AS y
         MATCH (x)<-[:MENTIONS]-(p:Paper)-[:MENTIONS]->(y)
         RETURN p.title ORDER BY p.title LIMIT 1
       }[0]] AS via_papers
