// Create one batch of entities in a first load (see load/create_paper.cypher) with the
// values load/entity_counts.cypher would compute from their MENTIONS, which here are the
// graph's (the loader counts them): paper_count, mention_count and the type most of the
// entity's papers give it (its graph type when no paper names it), as label and property.
// params: $rows (list of [id, props, aliases, type, paper_count, mention_count]); type one
//         of Model, Dataset, Benchmark, Method; props never hold `type` or the counts.
UNWIND $rows AS row
CREATE (e:Entity {id: row[0], type: row[3], aliases: row[2], paper_count: row[4],
                  mention_count: row[5]})
SET e += row[1]
// Labels are static in Cypher: one FOREACH per type (only the matching one runs).
FOREACH (_ IN CASE WHEN row[3] = 'Model' THEN [1] ELSE [] END | SET e:Model)
FOREACH (_ IN CASE WHEN row[3] = 'Dataset' THEN [1] ELSE [] END | SET e:Dataset)
FOREACH (_ IN CASE WHEN row[3] = 'Benchmark' THEN [1] ELSE [] END | SET e:Benchmark)
FOREACH (_ IN CASE WHEN row[3] = 'Method' THEN [1] ELSE [] END | SET e:Method)
RETURN collect([row[0], elementId(e)]) AS nodes
