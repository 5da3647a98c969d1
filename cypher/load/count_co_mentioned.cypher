// Number of CO_MENTIONED pairs in the database (answered from the count store). Zero means
// this load's pairs will be all the pairs, so their association strength can be sent along.
// params: none
MATCH ()-[r:CO_MENTIONED]->()
RETURN count(r) AS pairs
