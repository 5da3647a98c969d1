// Constraints and indexes, run before any data is written (each statement is
// idempotent thanks to IF NOT EXISTS, so every load runs them all again).

// Papers are merged on their stable id (arxiv:/doi:/title:); the constraint's
// backing index is what makes the MERGE an index seek instead of a label scan.
CREATE CONSTRAINT paper_id IF NOT EXISTS
FOR (p:Paper) REQUIRE p.id IS UNIQUE;

// Every entity also carries :Entity, so an entity whose type changes between
// loads (Model -> Method) is found again and relabelled instead of duplicated.
CREATE CONSTRAINT entity_id IF NOT EXISTS
FOR (e:Entity) REQUIRE e.id IS UNIQUE;

// Unique ids per type label too, for queries that start from one type.
CREATE CONSTRAINT model_id IF NOT EXISTS
FOR (e:Model) REQUIRE e.id IS UNIQUE;

CREATE CONSTRAINT dataset_id IF NOT EXISTS
FOR (e:Dataset) REQUIRE e.id IS UNIQUE;

CREATE CONSTRAINT benchmark_id IF NOT EXISTS
FOR (e:Benchmark) REQUIRE e.id IS UNIQUE;

CREATE CONSTRAINT method_id IF NOT EXISTS
FOR (e:Method) REQUIRE e.id IS UNIQUE;

// The query library looks entities up by their canonical name.
CREATE INDEX entity_name IF NOT EXISTS
FOR (e:Entity) ON (e.name);

// The citation layer (graphbuild/citation_graph.py). Authors and venues are merged on
// their id; every id kind of a Paper, Author and Venue is unique as well, because the
// loader finds the node of a work, person or venue by any shared id kind before it creates
// one (load/find_*.cypher, graphbuild/neo4j/identity.py): two builds can give the same
// work different ids (arxiv:... from one source, openalex:... from another).
CREATE CONSTRAINT author_id IF NOT EXISTS
FOR (a:Author) REQUIRE a.id IS UNIQUE;

CREATE CONSTRAINT venue_id IF NOT EXISTS
FOR (v:Venue) REQUIRE v.id IS UNIQUE;

CREATE CONSTRAINT paper_arxiv_id IF NOT EXISTS
FOR (p:Paper) REQUIRE p.arxiv_id IS UNIQUE;

CREATE CONSTRAINT paper_doi IF NOT EXISTS
FOR (p:Paper) REQUIRE p.doi IS UNIQUE;

CREATE CONSTRAINT paper_openalex_id IF NOT EXISTS
FOR (p:Paper) REQUIRE p.openalex_id IS UNIQUE;

CREATE CONSTRAINT paper_s2_id IF NOT EXISTS
FOR (p:Paper) REQUIRE p.s2_id IS UNIQUE;

CREATE CONSTRAINT paper_s2_corpus_id IF NOT EXISTS
FOR (p:Paper) REQUIRE p.s2_corpus_id IS UNIQUE;

CREATE CONSTRAINT paper_acl_id IF NOT EXISTS
FOR (p:Paper) REQUIRE p.acl_id IS UNIQUE;

CREATE CONSTRAINT paper_pubmed_id IF NOT EXISTS
FOR (p:Paper) REQUIRE p.pubmed_id IS UNIQUE;

CREATE CONSTRAINT paper_pmc_id IF NOT EXISTS
FOR (p:Paper) REQUIRE p.pmc_id IS UNIQUE;

CREATE CONSTRAINT paper_mag_id IF NOT EXISTS
FOR (p:Paper) REQUIRE p.mag_id IS UNIQUE;

CREATE CONSTRAINT paper_dblp_id IF NOT EXISTS
FOR (p:Paper) REQUIRE p.dblp_id IS UNIQUE;

CREATE CONSTRAINT paper_citeseer_id IF NOT EXISTS
FOR (p:Paper) REQUIRE p.citeseer_id IS UNIQUE;

CREATE CONSTRAINT paper_ref_id IF NOT EXISTS
FOR (p:Paper) REQUIRE p.ref_id IS UNIQUE;

CREATE CONSTRAINT author_orcid IF NOT EXISTS
FOR (a:Author) REQUIRE a.orcid IS UNIQUE;

CREATE CONSTRAINT author_openalex_id IF NOT EXISTS
FOR (a:Author) REQUIRE a.openalex_id IS UNIQUE;

CREATE CONSTRAINT author_s2_author_id IF NOT EXISTS
FOR (a:Author) REQUIRE a.s2_author_id IS UNIQUE;

CREATE CONSTRAINT venue_openalex_id IF NOT EXISTS
FOR (v:Venue) REQUIRE v.openalex_id IS UNIQUE;

CREATE CONSTRAINT venue_issn IF NOT EXISTS
FOR (v:Venue) REQUIRE v.issn IS UNIQUE;

CREATE CONSTRAINT venue_s2_venue_id IF NOT EXISTS
FOR (v:Venue) REQUIRE v.s2_venue_id IS UNIQUE;

// One node names the load lock (load/take_lock.cypher): unique, so that two loaders
// starting on an empty database MERGE the same node and the second one waits.
CREATE CONSTRAINT graphbuild_lock IF NOT EXISTS
FOR (l:GraphbuildLock) REQUIRE l.name IS UNIQUE;
