// Recompute paper_count, mention_count and the type of a batch of entities from the MENTIONS
// in the database (not from the loaded graph), so that they stay right across incremental
// loads and do not depend on their order. The type is the one most of the entity's papers
// give it (each MENTIONS carries the type its paper gives, `typed_as`); a tie goes to the
// first of Model, Dataset, Benchmark, Method. An entity no paper mentions keeps its type.
// params: $entities (list of entity ids)
UNWIND $entities AS id
MATCH (e:Entity {id: id})
WITH e, [(e)<-[m:MENTIONS]-(:Paper) | m] AS mentions
WITH e, mentions,
     [t IN ['Model', 'Dataset', 'Benchmark', 'Method'] |
       [t, size([m IN mentions WHERE m.typed_as = t])]] AS votes
// Strictly more votes wins, so a tie keeps the earlier type of the list.
WITH e, mentions, reduce(best = votes[0], v IN votes | CASE WHEN v[1] > best[1] THEN v ELSE best END) AS best
SET e.paper_count = size(mentions),
    e.mention_count = reduce(total = 0, m IN mentions | total + coalesce(m.count, 0))
WITH e, CASE WHEN best[1] > 0 THEN best[0] ELSE e.type END AS type
SET e.type = type
// Labels are static in Cypher: one FOREACH per type (only the matching one runs).
FOREACH (_ IN CASE WHEN type = 'Model' THEN [1] ELSE [] END |
  SET e:Model REMOVE e:Dataset:Benchmark:Method)
FOREACH (_ IN CASE WHEN type = 'Dataset' THEN [1] ELSE [] END |
  SET e:Dataset REMOVE e:Model:Benchmark:Method)
FOREACH (_ IN CASE WHEN type = 'Benchmark' THEN [1] ELSE [] END |
  SET e:Benchmark REMOVE e:Model:Dataset:Method)
FOREACH (_ IN CASE WHEN type = 'Method' THEN [1] ELSE [] END |
  SET e:Method REMOVE e:Model:Dataset:Benchmark)
