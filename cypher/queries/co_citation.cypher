// Co-citation: the pairs of papers cited together by the most papers of the corpus (two
// works are related when the literature cites them side by side). CITES only.
// params: $limit (int, default 25), $min_papers (int, default 2)
MATCH (a:Paper)<-[:CITES]-(citing:Paper)-[:CITES]->(b:Paper)
WHERE a.id < b.id AND coalesce(citing.referenced_only, false) = false
WITH a, b, count(*) AS papers
WHERE papers >= toInteger(coalesce($min_papers, 2))
RETURN a.id AS paper_a, a.title AS title_a, b.id AS paper_b, b.title AS title_b, papers
ORDER BY papers DESC, paper_a, paper_b
LIMIT toInteger(coalesce($limit, 25))
