// Datasets and benchmarks used together with a method: those named by the papers that
// name the method, with how many such papers and a few of their titles.
// params: $method (string), $limit (int, default 25)
MATCH (m:Method)
WHERE m.id = $method OR toLower(m.name) = toLower($method)
   OR any(alias IN m.aliases WHERE toLower(alias) = toLower($method))
WITH m ORDER BY m.paper_count DESC LIMIT 1
MATCH (m)<-[:MENTIONS]-(p:Paper)-[:MENTIONS]->(d:Entity)
WHERE d:Dataset OR d:Benchmark
WITH m, d, p ORDER BY p.title
WITH m, d, count(p) AS papers, collect(p.title)[..3] AS example_titles
RETURN m.name AS method, d.name AS dataset, d.type AS type, papers, example_titles
ORDER BY papers DESC, dataset
LIMIT toInteger(coalesce($limit, 25))
