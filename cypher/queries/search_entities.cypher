// Find entities whose name, id or an alias contains some text (case-insensitive).
// params: $text (string), $limit (int, default 25)
MATCH (e:Entity)
WHERE toLower(e.name) CONTAINS toLower($text) OR e.id CONTAINS toLower($text)
   OR any(alias IN e.aliases WHERE toLower(alias) CONTAINS toLower($text))
RETURN e.name AS entity, e.type AS type, e.id AS id, e.paper_count AS papers,
       e.aliases AS aliases
ORDER BY papers DESC, entity
LIMIT toInteger(coalesce($limit, 25))
