// The citation path from one paper to another: the shortest chains of CITES (directed,
// at most 12 hops) by which the first paper cites, or builds on, the second. A paper is
// named by its id, DOI, arXiv id or OpenAlex id, or by its exact title (ignoring case).
// The shortest paths are listed by the ids along them.
// params: $citing (string), $cited (string), $limit (int, default 5)
MATCH (a:Paper)
WHERE a.id = $citing OR a.doi = toLower($citing) OR a.arxiv_id = $citing
   OR a.openalex_id = $citing OR toLower(a.title) = toLower($citing)
WITH a ORDER BY a.id LIMIT 1
MATCH (b:Paper)
WHERE b.id = $cited OR b.doi = toLower($cited) OR b.arxiv_id = $cited
   OR b.openalex_id = $cited OR toLower(b.title) = toLower($cited)
WITH a, b ORDER BY b.id LIMIT 1
MATCH path = allShortestPaths((a)-[:CITES*..12]->(b))
WITH path, [n IN nodes(path) | n.id] AS papers
RETURN papers, [n IN nodes(path) | n.title] AS titles, length(path) AS hops
ORDER BY papers
LIMIT toInteger(coalesce($limit, 5))
