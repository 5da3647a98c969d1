// The most central entities of each type by one of the analysis measures: pagerank,
// betweenness, weighted_degree or degree (any other $measure returns nothing).
// params: $measure (string, default pagerank), $limit (int, default 5)
MATCH (e:Entity)
WHERE coalesce($measure, 'pagerank') IN ['pagerank', 'betweenness', 'weighted_degree', 'degree']
  AND e[coalesce($measure, 'pagerank')] IS NOT NULL
// Sorted before collecting, so each type's list is already in rank order.
WITH e ORDER BY e[coalesce($measure, 'pagerank')] DESC, e.name
WITH e.type AS type, collect(e)[..toInteger(coalesce($limit, 5))] AS top
UNWIND top AS e
RETURN type, e.name AS entity, e[coalesce($measure, 'pagerank')] AS score, e.paper_count AS papers,
       e.community AS community
ORDER BY type, score DESC, entity
