// Members of a Leiden community (the `community` attribute of graphbuild's analysis), most
// named first; with $name, the community of that entity. Community 0 is the largest.
// params: $community (int, default 0), $name (string, default ""), $limit (int, default 25)
// The community to list: the named entity's when $name is given (most-named match).
CALL () {
  OPTIONAL MATCH (x:Entity)
  WHERE coalesce($name, '') <> '' AND (x.id = coalesce($name, '') OR toLower(x.name) = toLower(coalesce($name, '')))
  RETURN x ORDER BY x.paper_count DESC LIMIT 1
}
WITH CASE WHEN coalesce($name, '') = '' THEN toInteger(coalesce($community, 0)) ELSE x.community END AS wanted
MATCH (e:Entity)
WHERE e.community = wanted
RETURN wanted AS community, e.name AS entity, e.type AS type, e.paper_count AS papers,
       e.pagerank AS pagerank
ORDER BY papers DESC, pagerank DESC, entity
LIMIT toInteger(coalesce($limit, 25))
