// Recompute paper_count of a batch of authors (their WROTE) and venues (their PUBLISHED_IN)
// from the database, not from the loaded graph: both relationships accumulate over loads,
// so the count is right whatever was loaded before and in whatever order.
// params: $nodes (list of Author or Venue element ids)
UNWIND $nodes AS eid
MATCH (n)
WHERE elementId(n) = eid
SET n.paper_count = CASE
  WHEN n:Author THEN COUNT { (n)-[:WROTE]->(:Paper) }
  ELSE COUNT { (n)<-[:PUBLISHED_IN]-(:Paper) }
END
