// Bibliographic coupling: the pairs of corpus papers that share the most references (two
// papers are related when they cite the same works). CITES only; works known only from a
// reference list are left out, since their own references are unknown.
// params: $limit (int, default 25), $min_shared (int, default 2)
MATCH (a:Paper)-[:CITES]->(ref:Paper)<-[:CITES]-(b:Paper)
WHERE a.id < b.id
  AND coalesce(a.referenced_only, false) = false
  AND coalesce(b.referenced_only, false) = false
WITH a, b, count(*) AS shared
WHERE shared >= toInteger(coalesce($min_shared, 2))
RETURN a.id AS paper_a, a.title AS title_a, b.id AS paper_b, b.title AS title_b, shared
ORDER BY shared DESC, paper_a, paper_b
LIMIT toInteger(coalesce($limit, 25))
