// What a load finds when it has taken the load lock (load/take_lock.cypher), before it
// writes anything: whether the database holds no graphbuild node at all (then the load is a
// first load: it creates instead of merging, load/create_paper.cypher, and computes the
// CO_MENTIONED pairs, counts and types from the graph itself), and whether a first load was
// cut short (its mark, load/mark_first_load.cypher, is still there: then every entity's
// pairs, counts and type are recomputed from the database, as after a killed load).
// params: none
RETURN NOT (EXISTS { MATCH (:Paper) } OR EXISTS { MATCH (:Entity) }
            OR EXISTS { MATCH (:Author) } OR EXISTS { MATCH (:Venue) }) AS empty,
       EXISTS { MATCH (:GraphbuildLock {name: 'first_load'}) } AS first_load
