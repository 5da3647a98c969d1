// Most central entities by weighted degree (total CO_MENTIONED weight), with their degree
// (distinct co-mentioned entities) and paper count; $type narrows to one label.
// params: $type (string, default ""), $limit (int, default 25)
MATCH (e:Entity)
WHERE coalesce($type, '') = '' OR toLower(e.type) = toLower(coalesce($type, ''))
OPTIONAL MATCH (e)-[r:CO_MENTIONED]-(:Entity)
WITH e, count(r) AS degree, coalesce(sum(r.weight), 0) AS weighted_degree
RETURN e.name AS entity, e.type AS type, weighted_degree, degree, e.paper_count AS papers
ORDER BY weighted_degree DESC, degree DESC, entity
LIMIT toInteger(coalesce($limit, 25))
