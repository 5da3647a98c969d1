// Merge one batch of :Benchmark entities (the label is fixed here, never taken from input).
// params: $rows (list of [id, props, aliases]); aliases a sorted list.
UNWIND $rows AS row
// Merge on :Entity so that an entity typed differently by an earlier load is found again.
MERGE (e:Entity {id: row[0]})
// Relabel: the type of this load wins.
SET e:Benchmark
REMOVE e:Model:Dataset:Method
SET e += row[1]
// Aliases accumulate over loads, sorted so that a reload changes nothing.
SET e.aliases = CASE
  WHEN e.aliases IS NULL THEN row[2]
  ELSE COLLECT { UNWIND e.aliases + row[2] AS a WITH DISTINCT a ORDER BY a RETURN a }
END
// `fresh`: no CO_MENTIONED yet, so pairs starting or ending here can be CREATEd, not MERGEd.
RETURN collect([row[0], elementId(e), NOT EXISTS { (e)-[:CO_MENTIONED]-() }]) AS nodes
