// Models evaluated on a benchmark (or dataset): models named by the papers that name it,
// with how many such papers and a few of their titles.
// params: $benchmark (string), $limit (int, default 25)
MATCH (b:Entity)
WHERE (b:Benchmark OR b:Dataset)
  AND (b.id = $benchmark OR toLower(b.name) = toLower($benchmark)
       OR any(alias IN b.aliases WHERE toLower(alias) = toLower($benchmark)))
WITH b ORDER BY b.paper_count DESC LIMIT 1
MATCH (b)<-[:MENTIONS]-(p:Paper)-[:MENTIONS]->(m:Model)
WITH b, m, p ORDER BY p.title
WITH b, m, count(p) AS papers, collect(p.title)[..3] AS example_titles
RETURN b.name AS benchmark, m.name AS model, papers, example_titles
ORDER BY papers DESC, model
LIMIT toInteger(coalesce($limit, 25))
