// Remove the mark of load/mark_first_load.cypher: the last write of the load that completes
// a first load (the first load itself, or the next one after it was cut short).
// params: none
MATCH (m:GraphbuildLock {name: 'first_load'})
DELETE m
