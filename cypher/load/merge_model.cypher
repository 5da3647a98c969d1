// Merge one batch of :Model entities (the label is fixed here, never taken from input).
// params: $rows (list of [id, props, aliases]); aliases a sorted list; props never hold
//         `type`, paper_count or mention_count.
UNWIND $rows AS row
// Merge on :Entity so that an entity typed differently by an earlier load is found again.
MERGE (e:Entity {id: row[0]})
// A new entity starts with the type this graph gives it. An existing one keeps its label
// here: load/entity_counts.cypher sets the type every entity's papers give it by majority,
// so that the type does not depend on the order of the loads.
ON CREATE SET e:Model, e.type = 'Model'
SET e += row[1]
// Aliases accumulate over loads, sorted so that a reload changes nothing.
SET e.aliases = CASE
  WHEN e.aliases IS NULL THEN row[2]
  ELSE COLLECT { UNWIND e.aliases + row[2] AS a WITH DISTINCT a ORDER BY a RETURN a }
END
RETURN collect([row[0], elementId(e)]) AS nodes
