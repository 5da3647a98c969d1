// Make sure the node that load/take_lock.cypher locks exists (committed once, kept; unique
// by the constraint graphbuild_lock). It holds nothing but its name.
// params: none
MERGE (l:GraphbuildLock {name: 'load'})
