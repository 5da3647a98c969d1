// Mark a first load (load/read_state.cypher found the database empty) before it writes
// anything: it creates its nodes and relationships without the per-paper marks of
// load/mark_pending.cypher, so if it is cut short, the next load must recompute the pairs,
// counts and types of every entity. Committed on its own; removed as the load's last write
// (load/clear_first_load.cypher). A bookkeeping node like the lock's, never data.
// params: none
MERGE (:GraphbuildLock {name: 'first_load'})
