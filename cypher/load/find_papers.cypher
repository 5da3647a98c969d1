// Find the existing Paper nodes that share the id or an id kind with a batch of the
// graph's papers (graphbuild/neo4j/identity.py applies the rule to the answer): two builds
// can give one paper different ids, and any shared id kind makes it one node.
// Each branch is a seek on a unique constraint (cypher/schema.cypher); a kind the row
// lacks is null, and a null matches nothing. Read only, run under the load lock.
// params: $rows (list of maps {id, arxiv_id, doi, openalex_id, s2_id, s2_corpus_id, acl_id, pubmed_id, pmc_id, mag_id, dblp_id, citeseer_id, ref_id}; absent kinds left out)
UNWIND $rows AS row
CALL (row) {
  MATCH (p:Paper {id: row.id}) RETURN p, 'id' AS key
  UNION
  MATCH (p:Paper {arxiv_id: row.arxiv_id}) RETURN p, 'arxiv_id' AS key
  UNION
  MATCH (p:Paper {doi: row.doi}) RETURN p, 'doi' AS key
  UNION
  MATCH (p:Paper {openalex_id: row.openalex_id}) RETURN p, 'openalex_id' AS key
  UNION
  MATCH (p:Paper {s2_id: row.s2_id}) RETURN p, 's2_id' AS key
  UNION
  MATCH (p:Paper {s2_corpus_id: row.s2_corpus_id}) RETURN p, 's2_corpus_id' AS key
  UNION
  MATCH (p:Paper {acl_id: row.acl_id}) RETURN p, 'acl_id' AS key
  UNION
  MATCH (p:Paper {pubmed_id: row.pubmed_id}) RETURN p, 'pubmed_id' AS key
  UNION
  MATCH (p:Paper {pmc_id: row.pmc_id}) RETURN p, 'pmc_id' AS key
  UNION
  MATCH (p:Paper {mag_id: row.mag_id}) RETURN p, 'mag_id' AS key
  UNION
  MATCH (p:Paper {dblp_id: row.dblp_id}) RETURN p, 'dblp_id' AS key
  UNION
  MATCH (p:Paper {citeseer_id: row.citeseer_id}) RETURN p, 'citeseer_id' AS key
  UNION
  MATCH (p:Paper {ref_id: row.ref_id}) RETURN p, 'ref_id' AS key
}
RETURN row.id AS id,
       collect([key, p.id, keys(p), p {.referenced_only, .arxiv_id, .doi, .openalex_id, .s2_id, .s2_corpus_id, .acl_id, .pubmed_id, .pmc_id, .mag_id, .dblp_id, .citeseer_id, .ref_id}]) AS found
