// Serialise loads. Run first, in a transaction that stays open for the whole load and is
// rolled back at its end: the write lock on this node is held by the database, so a second
// loader blocks here until the first one has finished, and a loader that dies (killed,
// connection lost) releases it at once when the server ends its transaction.
// The node itself exists already (load/ensure_lock.cypher): waiters then queue for one
// exclusive lock instead of racing to create the node.
// params: $holder (string: host, process id and start time of this load, for diagnosis)
MATCH (l:GraphbuildLock {name: 'load'})
SET l.holder = $holder
RETURN l.holder AS holder
