// How many entities an entity parameter of the query library matches (on id, name or
// alias, ignoring case, as the queries do): 0 means "nothing matched".
// params: $value (string)
MATCH (e:Entity)
WHERE e.id = $value OR toLower(e.name) = toLower($value)
   OR any(alias IN e.aliases WHERE toLower(alias) = toLower($value))
RETURN count(e) AS entities
