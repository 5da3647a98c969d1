// Whether the database holds anything but the load lock: a bulk import only goes into an
// empty database (or replaces one when asked to).
// params: none
RETURN EXISTS { MATCH (n) WHERE NOT n:GraphbuildLock } AS used
