// Find the existing Venue nodes that share the id or an id kind with a batch of the
// graph's venues (graphbuild/neo4j/identity.py applies the rule to the answer): two builds
// can give one venue different ids, and any shared id kind makes it one node.
// Each branch is a seek on a unique constraint (cypher/schema.cypher); a kind the row
// lacks is null, and a null matches nothing. Read only, run under the load lock.
// params: $rows (list of maps {id, openalex_id, issn, s2_venue_id}; absent kinds left out)
UNWIND $rows AS row
CALL (row) {
  MATCH (v:Venue {id: row.id}) RETURN v, 'id' AS key
  UNION
  MATCH (v:Venue {openalex_id: row.openalex_id}) RETURN v, 'openalex_id' AS key
  UNION
  MATCH (v:Venue {issn: row.issn}) RETURN v, 'issn' AS key
  UNION
  MATCH (v:Venue {s2_venue_id: row.s2_venue_id}) RETURN v, 's2_venue_id' AS key
}
RETURN row.id AS id,
       collect([key, v.id, keys(v), v {.openalex_id, .issn, .s2_venue_id}]) AS found
