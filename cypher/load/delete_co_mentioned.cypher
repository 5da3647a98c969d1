// Delete pairs no paper supports any more (a reloaded paper no longer names one end), and
// duplicates left by loads made before loads were serialised.
// params: $relationships (list of relationship element ids)
UNWIND $relationships AS id
MATCH ()-[r:CO_MENTIONED]->()
WHERE elementId(r) = id
DELETE r
