// Co-citation: the pairs of papers cited together by the most papers of the corpus (two
// works are related when the literature cites them side by side). CITES only.
// params: $limit (int, default 25), $min_papers (int, default 2)
MATCH (citing:Paper)
WHERE coalesce(citing.referenced_only, false) = false
// Each citing paper's references as a sorted list of ids: its pairs are then (list[i],
// list[j]) for i < j, with no second expansion and no property read per pair (about twice
// as fast as matching (a)<-[:CITES]-(citing)-[:CITES]->(b) on the shared sources).
WITH citing, COLLECT { MATCH (citing)-[:CITES]->(c:Paper) RETURN c.id ORDER BY c.id } AS cited
WHERE size(cited) > 1
UNWIND range(0, size(cited) - 2) AS i
UNWIND cited[i + 1 ..] AS b
WITH cited[i] AS a, b, count(*) AS papers
WHERE papers >= toInteger(coalesce($min_papers, 2))
WITH a, b, papers
ORDER BY papers DESC, a, b
LIMIT toInteger(coalesce($limit, 25))
MATCH (pa:Paper {id: a}), (pb:Paper {id: b})
RETURN a AS paper_a, pa.title AS title_a, b AS paper_b, pb.title AS title_b, papers
ORDER BY papers DESC, paper_a, paper_b
