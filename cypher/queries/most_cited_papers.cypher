// Most-cited papers: the papers cited by the most papers of the corpus. CITES only (the
// inferred DRAWS_ON links never count), and only citations from corpus records (a work
// known only from a reference list, `referenced_only`, cites nothing we can count).
// Set records_only to leave out cited works that are themselves only referenced.
// params: $limit (int, default 25), $records_only (bool, default false)
MATCH (cited:Paper)<-[:CITES]-(citing:Paper)
WHERE coalesce(citing.referenced_only, false) = false
  AND (NOT coalesce($records_only, false) OR coalesce(cited.referenced_only, false) = false)
// One CITES per pair of papers (the loader merges them), so count(*) counts papers.
WITH cited, count(*) AS citations
RETURN cited.id AS paper, cited.title AS title, cited.year AS year,
       coalesce(cited.referenced_only, false) AS referenced_only, citations
ORDER BY citations DESC, paper
LIMIT toInteger(coalesce($limit, 25))
