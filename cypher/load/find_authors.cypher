// Find the existing Author nodes that share the id or an id kind with a batch of the
// graph's authors (graphbuild/neo4j/identity.py applies the rule to the answer): two builds
// can give one author different ids, and any shared id kind makes it one node.
// Each branch is a seek on a unique constraint (cypher/schema.cypher); a kind the row
// lacks is null, and a null matches nothing. Read only, run under the load lock.
// params: $rows (list of maps {id, orcid, openalex_id, s2_author_id}; absent kinds left out)
UNWIND $rows AS row
CALL (row) {
  MATCH (a:Author {id: row.id}) RETURN a, 'id' AS key
  UNION
  MATCH (a:Author {orcid: row.orcid}) RETURN a, 'orcid' AS key
  UNION
  MATCH (a:Author {openalex_id: row.openalex_id}) RETURN a, 'openalex_id' AS key
  UNION
  MATCH (a:Author {s2_author_id: row.s2_author_id}) RETURN a, 's2_author_id' AS key
}
RETURN row.id AS id,
       collect([key, a.id, keys(a), a {.orcid, .openalex_id, .s2_author_id}]) AS found
