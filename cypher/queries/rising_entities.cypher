// Rising entities: a burst still going on in the latest period first (by its weight), then
// growth between the last two periods; the same order as the report's rising entities.
// Needs the trend attributes of graphbuild's analysis (dated papers).
// params: $type (string, default ""), $limit (int, default 20)
// The latest period of any dated paper: a burst ending there is still going on.
CALL () {
  MATCH (p:Paper)
  WHERE p.period IS NOT NULL
  RETURN max(p.period) AS latest
}
MATCH (e:Entity)
WHERE e.dated_papers > 0 AND (coalesce($type, '') = '' OR toLower(e.type) = toLower(coalesce($type, '')))
WITH e, latest,
     CASE WHEN e.burst AND e.burst_end = latest THEN e.burst_weight ELSE 0.0 END AS ongoing
RETURN e.name AS entity, e.type AS type, e.first_seen AS first_seen, e.growth AS growth,
       e.burst AS burst, e.burst_start AS burst_start, e.burst_end AS burst_end,
       e.papers_per_period AS papers_per_period
ORDER BY ongoing DESC, growth DESC, entity
LIMIT toInteger(coalesce($limit, 20))
