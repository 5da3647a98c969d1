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

// One node names the load lock (load/take_lock.cypher): unique, so that two loaders
// starting on an empty database MERGE the same node and the second one waits.
CREATE CONSTRAINT graphbuild_lock IF NOT EXISTS
FOR (l:GraphbuildLock) REQUIRE l.name IS UNIQUE;
